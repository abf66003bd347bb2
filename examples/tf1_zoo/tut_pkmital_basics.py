# TF1 tutorial shape (pkmital/tensorflow_tutorials python/01_basics.py): a linspace fetched by a
# session and by x.eval(session=sess), an InteractiveSession with .eval(), static shapes, graph
# introspection, and kernels built by helper functions and applied to a fed image (a small numpy
# image instead of a downloaded one).
import numpy as np
import tensorflow as tf

n_values = 16
x = tf.linspace(-3.0, 3.0, n_values)

sess = tf.Session()
result = sess.run(x)
x.eval(session=sess)
sess.close()

sess = tf.InteractiveSession()
x.eval()

sigma = 1.0
mean = 0.0
z = (tf.exp(tf.negative(tf.pow(x - mean, 2.0) /
                        (2.0 * tf.pow(sigma, 2.0)))) *
     (1.0 / (sigma * tf.sqrt(2.0 * 3.1415))))
assert z.graph is tf.get_default_graph()
print(z.get_shape())
print(z.get_shape().as_list())
print(tf.shape(z).eval())
print(tf.stack([tf.shape(z), tf.shape(z), [3], [4]]).eval())

z_2d = tf.matmul(tf.reshape(z, [n_values, 1]), tf.reshape(z, [1, n_values]))
x = tf.reshape(tf.sin(tf.linspace(-3.0, 3.0, n_values)), [n_values, 1])
y = tf.reshape(tf.ones_like(x), [1, n_values])
z = tf.multiply(tf.matmul(x, y), z_2d)
ops = tf.get_default_graph().get_operations()
print(len(ops))


def gabor(n_values=16, sigma=1.0, mean=0.0):
    x = tf.linspace(-3.0, 3.0, n_values)
    z = (tf.exp(tf.negative(tf.pow(x - mean, 2.0) /
                            (2.0 * tf.pow(sigma, 2.0)))) *
         (1.0 / (sigma * tf.sqrt(2.0 * 3.1415))))
    gauss_kernel = tf.matmul(tf.reshape(z, [n_values, 1]), tf.reshape(z, [1, n_values]))
    x = tf.reshape(tf.sin(tf.linspace(-3.0, 3.0, n_values)), [n_values, 1])
    y = tf.reshape(tf.ones_like(x), [1, n_values])
    return tf.multiply(tf.matmul(x, y), gauss_kernel)


def convolve(img, W):
    if len(W.get_shape()) == 2:
        dims = W.get_shape().as_list() + [1, 1]
        W = tf.reshape(W, dims)
    if len(img.get_shape()) == 2:
        dims = [1] + img.get_shape().as_list() + [1]
        img = tf.reshape(img, dims)
    return tf.nn.conv2d(img, W, strides=[1, 1, 1, 1], padding='SAME')


img_np = np.random.RandomState(10).rand(24, 24).astype(np.float32)
img = tf.placeholder(tf.float32, shape=img_np.shape)
out = convolve(img, gabor())
filtered = tf.squeeze(out).eval(feed_dict={img: img_np})
print(filtered.shape)
