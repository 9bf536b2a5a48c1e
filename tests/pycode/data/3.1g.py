import torch
# (g) two input channels, three output channels
net = torch.nn.Sequential(
    torch.nn.Conv2d(in_channels=2, out_channels=3, kernel_size=(5, 5)),  # 2 -> 3
)
X = torch.zeros((1, 2, 15, 15))
Y = net(X)
print(Y.shape)
