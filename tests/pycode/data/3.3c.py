import torch
from torch import nn
net = nn.Sequential(
    nn.Conv2d(3, 3, 3, padding=1),
    nn.Conv2d(3, 3, 2, padding=2),
    nn.AvgPool2d(2),
    nn.Conv2d(3, 3, 3, padding=4),
)
