"""Tailoring a round to the candidate: a job description and a resume (read, ranked, turned into questions), or a
drill on one dimension. UI-free; no litellm here (the model's part lives in the LLM package)."""
