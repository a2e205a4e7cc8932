"""Saving and loading, from PyTorch's recipes, with only the import lines changed.

Part 1 follows "Save and Load the Model": save a model's state_dict, load it into a new model,
predict. Part 2 follows "Saving and loading a general checkpoint": a dict with the epoch, the model's
and the optimizer's state_dict and the loss, saved with torch.save and loaded with torch.load, then
training resumes. The recipe's network is convolutional; this one has Linear layers only, so that
it trains in a moment on a few random points. The recipe builds the new optimizer on the old network's parameters
(`optim.SGD(net.parameters(), ...)`), which is fixed here to `model.parameters()`.
A few lines at the end check what the recipes promise: the reloaded model predicts the same, and
training resumed from the checkpoint takes the very steps the original would have taken.
(Sources: https://pytorch.org/tutorials/beginner/basics/saveloadrun_tutorial.html,
https://pytorch.org/tutorials/recipes/recipes/saving_and_loading_a_general_checkpoint.html.)
"""

import autograd_mini as torch
import autograd_mini.nn as nn
import autograd_mini.nn.functional as F
import autograd_mini.optim as optim


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.fc1 = nn.Linear(4, 16)
        self.fc2 = nn.Linear(16, 8)
        self.fc3 = nn.Linear(8, 3)

    def forward(self, x):
        x = x.flatten(start_dim=1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


torch.manual_seed(0)
inputs = torch.randn(32, 4)
labels = (inputs[:, 0] > 0).long() + (inputs[:, 1] > 0).long()


def train_steps(model, optimizer, steps):
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(inputs), labels)
        loss.backward()
        optimizer.step()
    return loss.item()


# ----------------------------------------------------------------- Part 1: the state_dict
net = Net()
print(net)
optimizer = optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
print("loss after 20 steps:", train_steps(net, optimizer, 20))

torch.save(net.state_dict(), "model_weights.pth")
model = Net()
model.load_state_dict(torch.load("model_weights.pth", weights_only=True))
model.eval()
with torch.no_grad():
    print("reloaded model predicts the same:", torch.equal(model(inputs), net(inputs)))

# ------------------------------------------------------ Part 2: a general checkpoint
# Additional information
EPOCH = 5
PATH = "model.pt"
LOSS = 0.4

torch.save({
            'epoch': EPOCH,
            'model_state_dict': net.state_dict(),
            'optimizer_state_dict': optimizer.state_dict(),
            'loss': LOSS,
            }, PATH)

model = Net()
optimizer2 = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)

checkpoint = torch.load(PATH, weights_only=True)
model.load_state_dict(checkpoint['model_state_dict'])
optimizer2.load_state_dict(checkpoint['optimizer_state_dict'])
epoch = checkpoint['epoch']
loss = checkpoint['loss']

model.eval()
# - or -
model.train()

print("checkpoint epoch and loss:", epoch, loss)
resumed, original = train_steps(model, optimizer2, 10), train_steps(net, optimizer, 10)
print("loss after 10 more steps:", resumed)
print("resumed training matches:", resumed == original and all(
    torch.equal(a, b) for a, b in zip(model.parameters(), net.parameters())))
