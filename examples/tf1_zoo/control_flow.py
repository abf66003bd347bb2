# TF1: graph-mode control flow with tf.cond and tf.while_loop.
import tensorflow as tf

x = tf.constant(5.0)
y = tf.constant(3.0)
bigger = tf.cond(x > y, lambda: x - y, lambda: y - x)

i0 = tf.constant(0)
acc0 = tf.constant(1.0)
_, factorial = tf.while_loop(lambda i, acc: i < 5,
                             lambda i, acc: (i + 1, acc * tf.to_float(i + 1)),
                             [i0, acc0])
with tf.Session() as sess:
    b, f = sess.run([bigger, factorial])
    print(b, f)
