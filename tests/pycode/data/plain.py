import torch
from torch import nn

def build_net():
    net = nn.Sequential(
        nn.Conv1d(1, 4, kernel_size=5), nn.ReLU(), nn.AvgPool1d(kernel_size=2, stride=2),
        nn.Conv1d(4, 8, kernel_size=5), nn.ReLU(), nn.AvgPool1d(kernel_size=2, stride=2),
        nn.Conv1d(8, 16, kernel_size=5), nn.ReLU(), nn.AvgPool1d(kernel_size=2, stride=2),
        nn.Conv1d(16, 32, kernel_size=5), nn.ReLU(inplace=True), nn.AvgPool1d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(32 * 371, 128), nn.ReLU(),
        nn.Linear(128, 64), nn.ReLU(),
        nn.Linear(64, 10))
    return net

net = build_net()
X = torch.randn(1, 1, 6000)
print(net(X).shape)
