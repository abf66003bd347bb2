"""tfmigrate: migrate session-style TensorFlow 1 code to TensorFlow 2 and verify it.

Importing this package must stay cheap: the codemod never imports TensorFlow.
"""

__version__ = "0.1.0"
