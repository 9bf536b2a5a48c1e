import torch
from torch import nn

# (b) a 5x5 kernel instead
net = nn.Sequential(nn.Conv2d(1, 1, 5))
print(net)
