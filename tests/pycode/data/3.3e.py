import torch
from torch import nn
net = nn.Sequential(nn.Conv2d(3, 3, 3, padding=1, dilation=3), nn.Conv2d(3, 3, 3, padding=3))
