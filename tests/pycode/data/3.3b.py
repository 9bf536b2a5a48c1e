import torch
from torch import nn
C = 3
layers = []
for i in range(4):
    layers.append(nn.Conv2d(C, C, kernel_size=3, padding=1))
net = nn.Sequential(*layers)
print(net)
