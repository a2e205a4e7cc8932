"""PyTorch's Quickstart (Learn the Basics), with only the import lines changed.

FashionMNIST is replaced by a generated dataset, because nothing here downloads: a 3-class spiral in
the plane, made with tensor ops and shaped (N, 1, 2) like a batch of one-channel "images", so the
tutorial's model (nn.Flatten, then a stack of Linear and ReLU), its train and test loops, its
accuracy `(pred.argmax(1) == y).type(torch.float).sum().item()`, and its save / load / predict steps
run as written. The network is smaller and trains for more epochs with a larger learning rate, to
suit the data. (Source: https://pytorch.org/tutorials/beginner/basics/quickstart_tutorial.html.)
"""

import autograd_mini as torch
from autograd_mini import nn
from autograd_mini.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)


# Instead of datasets.FashionMNIST: three interleaved spiral arms, one class each.
def spiral_data(points_per_class, noise=0.2):
    xs, ys = [], []
    for k in range(3):
        radius = torch.linspace(0.05, 1.0, points_per_class)
        angle = torch.linspace(4.0 * k, 4.0 * (k + 1), points_per_class) + noise * torch.randn(points_per_class)
        xs.append(torch.stack([radius * torch.sin(angle), radius * torch.cos(angle)], dim=1))
        ys.append(torch.full((points_per_class,), k))
    X, y = torch.cat(xs).unsqueeze(1), torch.cat(ys)
    order = torch.randperm(len(y))  # mixed classes, as FashionMNIST's images are
    return TensorDataset(X[order], y[order])


training_data = spiral_data(200)
test_data = spiral_data(100)

batch_size = 64

# Create data loaders.
train_dataloader = DataLoader(training_data, batch_size=batch_size)
test_dataloader = DataLoader(test_data, batch_size=batch_size)

for X, y in test_dataloader:
    print(f"Shape of X [N, C, H, W]: {X.shape}")
    print(f"Shape of y: {y.shape} {y.dtype}")
    break

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"Using {device} device")


# Define model
class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(2, 64),
            nn.ReLU(),
            nn.Linear(64, 64),
            nn.ReLU(),
            nn.Linear(64, 3)
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits


model = NeuralNetwork().to(device)
print(model)

loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9)


def train(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        X, y = X.to(device), y.to(device)

        # Compute prediction error
        pred = model(X)
        loss = loss_fn(pred, y)

        # Backpropagation
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

        if batch % 100 == 0:
            loss, current = loss.item(), (batch + 1) * len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")


def test(dataloader, model, loss_fn):
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")


epochs = 20
for t in range(epochs):
    print(f"Epoch {t+1}\n-------------------------------")
    train(train_dataloader, model, loss_fn, optimizer)
    test(test_dataloader, model, loss_fn)
print("Done!")

torch.save(model.state_dict(), "model.pth")
print("Saved PyTorch Model State to model.pth")

model = NeuralNetwork().to(device)
model.load_state_dict(torch.load("model.pth", weights_only=True))

classes = [
    "inner arm",
    "middle arm",
    "outer arm",
]

model.eval()
x, y = test_data[0][0], test_data[0][1]
with torch.no_grad():
    x = x.to(device)
    pred = model(x)
    predicted, actual = classes[pred[0].argmax(0)], classes[y]
    print(f'Predicted: "{predicted}", Actual: "{actual}"')
