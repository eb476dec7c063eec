"""The daily pipeline's stages as plain functions: Prefect wires them in ``flows/``."""
