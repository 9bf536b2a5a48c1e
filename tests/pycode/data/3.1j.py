import torch
k = 5
net = torch.nn.Sequential(torch.nn.Conv2d(1, 1, kernel_size=(k, k), padding=(k - 1) // 2))
