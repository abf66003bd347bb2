"""Pure-Python stand-ins that migrated code imports where TF 2 dropped a TF1 helper with no successor.

Nothing here imports TensorFlow. Each module documents the TF1 behaviour it
keeps and what it does not carry over.
"""
