# TF1 tutorial shape (the model class, as in dennybritz/cnn-text-classification-tf's TextCNN and of
# many course notebooks): placeholders, variables, loss, accuracy and the training op are
# attributes made in __init__; the script feeds the instance's placeholders in a session loop.
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
np.random.seed(3)


class SoftmaxClassifier(object):
    """A one-hidden-layer classifier with dropout."""

    def __init__(self, n_features, n_hidden, n_classes, learning_rate):
        # Placeholders for the inputs, the one-hot labels and dropout
        self.input_x = tf.placeholder(tf.float32, [None, n_features], name="input_x")
        self.input_y = tf.placeholder(tf.float32, [None, n_classes], name="input_y")
        self.keep_prob = tf.placeholder(tf.float32, name="keep_prob")

        W1 = tf.Variable(tf.truncated_normal([n_features, n_hidden], stddev=0.1), name="W1")
        b1 = tf.Variable(tf.constant(0.1, shape=[n_hidden]), name="b1")
        self.W2 = tf.Variable(tf.truncated_normal([n_hidden, n_classes], stddev=0.1), name="W2")
        self.b2 = tf.Variable(tf.zeros([n_classes]), name="b2")

        hidden = tf.nn.relu(tf.matmul(self.input_x, W1) + b1)
        dropped = tf.nn.dropout(hidden, self.keep_prob)
        self.scores = tf.matmul(dropped, self.W2) + self.b2
        self.predictions = tf.argmax(self.scores, 1, name="predictions")
        losses = tf.nn.softmax_cross_entropy_with_logits_v2(labels=self.input_y, logits=self.scores)
        self.loss = tf.reduce_mean(losses)
        correct = tf.equal(self.predictions, tf.argmax(self.input_y, 1))
        self.accuracy = tf.reduce_mean(tf.cast(correct, "float"), name="accuracy")
        self.train_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(self.loss)


# Two noisy clusters per class, 3 classes
centers = np.random.randn(3, 4).astype(np.float32) * 2.0
labels = np.random.randint(0, 3, size=120)
features = centers[labels] + np.random.randn(120, 4).astype(np.float32) * 0.5
onehot = np.eye(3, dtype=np.float32)[labels]

model = SoftmaxClassifier(n_features=4, n_hidden=16, n_classes=3, learning_rate=0.5)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for epoch in range(30):
    for start in range(0, 120, 40):
        batch = slice(start, start + 40)
        _, loss = sess.run([model.train_op, model.loss], feed_dict={model.input_x: features[batch],
                                                                     model.input_y: onehot[batch],
                                                                     model.keep_prob: 0.8})
    if epoch % 10 == 0:
        print("epoch", epoch, "loss", loss)
accuracy = sess.run(model.accuracy, feed_dict={model.input_x: features, model.input_y: onehot, model.keep_prob: 1.0})
print("train accuracy", accuracy)
print("predictions", sess.run(model.predictions, {model.input_x: features[:10], model.keep_prob: 1.0}))
sess.close()
