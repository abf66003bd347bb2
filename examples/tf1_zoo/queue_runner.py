# TF1 input pipeline: a FIFOQueue filled by a QueueRunner, read with a Coordinator.
import tensorflow as tf

queue = tf.FIFOQueue(capacity=10, dtypes=[tf.float32], shapes=[[]])
enqueue = queue.enqueue(tf.constant(1.5))
dequeued = queue.dequeue() * 2.0
qr = tf.train.QueueRunner(queue, [enqueue])
tf.train.add_queue_runner(qr)

with tf.Session() as sess:
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    values = [sess.run(dequeued) for _ in range(3)]
    coord.request_stop()
    coord.join(threads)
    print(values)
