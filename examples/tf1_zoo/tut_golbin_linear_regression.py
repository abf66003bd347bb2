# TF1 tutorial shape (golbin/TensorFlow-Tutorials "03 - TensorFlow Basic/03 - Linear Regression.py"):
# named scalar placeholders, `_, cost_val = sess.run([train_op, cost], ...)`, the variables fetched
# each step, and the hypothesis fetched for a single fed number.
import tensorflow as tf

x_data = [1, 2, 3]
y_data = [2, 4, 6]

W = tf.Variable(tf.random_uniform([1], -1.0, 1.0))
b = tf.Variable(tf.random_uniform([1], -1.0, 1.0))

X = tf.placeholder(tf.float32, name="X")
Y = tf.placeholder(tf.float32, name="Y")
print(X)

hypothesis = W * X + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1)
train_op = optimizer.minimize(cost)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(15):
        _, cost_val = sess.run([train_op, cost], feed_dict={X: x_data, Y: y_data})
        print(step, cost_val, sess.run(W), sess.run(b))
    print("X: 4, Y:", sess.run(hypothesis, feed_dict={X: 4}))
    print("X: 1.5, Y:", sess.run(hypothesis, feed_dict={X: 1.5}))
