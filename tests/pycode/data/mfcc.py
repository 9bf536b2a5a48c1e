import torch
from torch import nn
from collections import OrderedDict

net = nn.Sequential(OrderedDict([
    ('conv1', nn.Conv1d(13, 16, 3, padding=1)), ('relu1', nn.ReLU()), ('pool1', nn.AvgPool1d(2, 2)),
    ('conv2', nn.Conv1d(16, 32, 3, padding=1)), ('relu2', nn.ReLU()), ('pool2', nn.AvgPool1d(2, 2)),
    ('conv3', nn.Conv1d(32, 64, 3, padding=1)), ('relu3', nn.ReLU()), ('pool3', nn.AvgPool1d(2, 2)),
    ('flatten', nn.Flatten()), ('fc1', nn.Linear(64 * 9, 32)), ('relu4', nn.ReLU()), ('fc2', nn.Linear(32, 10)),
]))
X = torch.zeros(1, 13, 74)
