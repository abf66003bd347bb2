# TF 0.x code: tf.mul, tf.sub, tf.neg, tf.pack and initialize_all_variables.
import tensorflow as tf

x = tf.constant([1.0, 2.0, 3.0])
y = tf.constant([4.0, 5.0, 6.0])
prod = tf.mul(x, y)
diff = tf.sub(y, x)
neg = tf.neg(prod)
stacked = tf.pack([x, y])
v = tf.Variable(tf.zeros([3]))
update = tf.assign(v, tf.add(v, diff))

sess = tf.Session()
sess.run(tf.initialize_all_variables())
sess.run(update)
p, d, n, s = sess.run([prod, diff, neg, stacked])
v_after = sess.run(v)
print(p, d, n, s, v_after)
