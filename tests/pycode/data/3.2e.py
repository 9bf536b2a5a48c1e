import torch
model = torch.nn.Sequential(torch.nn.Conv2d(1, 1, kernel_size=(3, 3), stride=(2, 2), padding=1))
print(model)
