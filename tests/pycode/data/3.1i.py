import torch
net = torch.nn.Sequential(torch.nn.Conv2d(1, 1, kernel_size=(3, 3), padding=1))  # same padding
print(net)
