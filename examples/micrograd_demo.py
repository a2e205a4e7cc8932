# micrograd's demo.ipynb (github.com/karpathy/micrograd), its code cells in order, unchanged
# but for the import lines marked CHANGED (and the notebook-only `%matplotlib inline`).
# micrograd.engine maps to autograd_mini.engine, and micrograd.nn to autograd_mini.scalar.
# It needs scikit-learn (for make_moons) and matplotlib: pip install autograd_mini[tutorials].
# Run it with `python examples/micrograd_demo.py`; the figures are drawn but not shown outside
# a notebook. tests/test_micrograd_compat.py runs it here and on micrograd 0.1.0 and checks
# that both print the same losses.
import random
import numpy as np
import matplotlib.pyplot as plt
# %matplotlib inline  (CHANGED: a notebook magic, not Python)

from autograd_mini.engine import Value  # CHANGED: was `from micrograd.engine import Value`
from autograd_mini.scalar import Neuron, Layer, MLP  # CHANGED: was `from micrograd.nn import Neuron, Layer, MLP`
from sklearn.datasets import make_moons, make_blobs  # CHANGED: moved up from the dataset cell (see below)

np.random.seed(1337)
random.seed(1337)

# make up a dataset

# (CHANGED: the sklearn import was here. Importing sklearn.datasets 1.x the first time draws from
# Python's `random`, which would change the model's initial weights after random.seed(1337); imported
# before the seeds, the script prints the numbers of micrograd's published notebook.)
X, y = make_moons(n_samples=100, noise=0.1)

y = y*2 - 1 # make y be -1 or 1
# visualize in 2D
plt.figure(figsize=(5,5))
plt.scatter(X[:,0], X[:,1], c=y, s=20, cmap='jet')

# initialize a model 
model = MLP(2, [16, 16, 1]) # 2-layer neural network
print(model)
print("number of parameters", len(model.parameters()))

# loss function
def loss(batch_size=None):
    
    # inline DataLoader :)
    if batch_size is None:
        Xb, yb = X, y
    else:
        ri = np.random.permutation(X.shape[0])[:batch_size]
        Xb, yb = X[ri], y[ri]
    inputs = [list(map(Value, xrow)) for xrow in Xb]
    
    # forward the model to get scores
    scores = list(map(model, inputs))
    
    # svm "max-margin" loss
    losses = [(1 + -yi*scorei).relu() for yi, scorei in zip(yb, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    # L2 regularization
    alpha = 1e-4
    reg_loss = alpha * sum((p*p for p in model.parameters()))
    total_loss = data_loss + reg_loss
    
    # also get accuracy
    accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(yb, scores)]
    return total_loss, sum(accuracy) / len(accuracy)

total_loss, acc = loss()
print(total_loss, acc)

# optimization
for k in range(100):
    
    # forward
    total_loss, acc = loss()
    
    # backward
    model.zero_grad()
    total_loss.backward()
    
    # update (sgd)
    learning_rate = 1.0 - 0.9*k/100
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    
    if k % 1 == 0:
        print(f"step {k} loss {total_loss.data}, accuracy {acc*100}%")

# visualize decision boundary

h = 0.25
x_min, x_max = X[:, 0].min() - 1, X[:, 0].max() + 1
y_min, y_max = X[:, 1].min() - 1, X[:, 1].max() + 1
xx, yy = np.meshgrid(np.arange(x_min, x_max, h),
                     np.arange(y_min, y_max, h))
Xmesh = np.c_[xx.ravel(), yy.ravel()]
inputs = [list(map(Value, xrow)) for xrow in Xmesh]
scores = list(map(model, inputs))
Z = np.array([s.data > 0 for s in scores])
Z = Z.reshape(xx.shape)

fig = plt.figure()
plt.contourf(xx, yy, Z, cmap=plt.cm.Spectral, alpha=0.8)
plt.scatter(X[:, 0], X[:, 1], c=y, s=40, cmap=plt.cm.Spectral)
plt.xlim(xx.min(), xx.max())
plt.ylim(yy.min(), yy.max())
