# Exercise 3.1 (a): one 3x3 convolution on a 15x15 image
import torch

net = torch.nn.Sequential(torch.nn.Conv2d(1, 1, kernel_size=(3, 3)))
X = torch.rand(size=(1, 1, 15, 15), dtype=torch.float32)
print(net)
print(net(X).shape)
