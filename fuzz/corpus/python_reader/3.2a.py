import torch
from torch import nn

# 3.2(a) 3×3 convolution + 2×2 average pooling
net = nn.Sequential(
    nn.Conv2d(1, 1, kernel_size=(3, 3), padding=(1, 1)),
    nn.AvgPool2d((2, 2), stride=(2, 2), padding=(1, 1)),
)
x = torch.zeros(1, 1, 14, 14)  # a batch of one input
