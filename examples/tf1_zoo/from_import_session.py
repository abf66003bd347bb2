# TF1: names imported from tensorflow directly.
from tensorflow import Session, constant, global_variables_initializer, Variable
import tensorflow as tf

c = constant([[2.0, 0.0], [0.0, 3.0]])
v = Variable([1.0, 1.0])
mv = tf.linalg.matvec(c, v)
with Session() as session:
    session.run(global_variables_initializer())
    mv_value = session.run(mv)
    print(mv_value)
