import torch
net = torch.nn.Sequential(torch.nn.Conv2d(1, 1, kernel_size=(3, 3), padding=2, dilation=2))
