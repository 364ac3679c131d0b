"""The prover: laws, decision procedures, witnesses and their independent certification."""
