# TF 1.4+ input pipeline: tf.data with make_one_shot_iterator and OutOfRangeError.
import numpy as np
import tensorflow as tf

data = np.arange(10, dtype=np.float32)
dataset = tf.data.Dataset.from_tensor_slices(data).map(lambda v: v * 2.0).batch(4)
iterator = dataset.make_one_shot_iterator()
next_batch = iterator.get_next()
total = 0.0
with tf.Session() as sess:
    while True:
        try:
            total += sess.run(next_batch).sum()
        except tf.errors.OutOfRangeError:
            break
print(total)
