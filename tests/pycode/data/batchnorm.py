import torch
from torch import nn

def stage(cin, cout):
    return [nn.Conv1d(cin, cout, 5), nn.BatchNorm1d(cout), nn.ReLU(), nn.AvgPool1d(2, 2)]

channels = [1, 4, 8, 16, 32]
body = []
for cin, cout in zip(channels[:-1], channels[1:]):
    body += stage(cin, cout)
net = nn.Sequential(*body, nn.Flatten(),
                    nn.Linear(11872, 128), nn.BatchNorm1d(128), nn.ReLU(),
                    nn.Linear(128, 64), nn.BatchNorm1d(64), nn.ReLU(),
                    nn.Linear(64, 10))
print(net)
