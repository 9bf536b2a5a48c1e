import torch
from torch import nn
C = 3
net = nn.Sequential(nn.Conv2d(C, C, kernel_size=9, padding=4, bias=True))
