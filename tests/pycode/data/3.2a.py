import torch
net = torch.nn.Sequential(
    torch.nn.Conv2d(1, 1, kernel_size=(3, 3), padding=1),
    torch.nn.AvgPool2d(kernel_size=2, stride=2, padding=1),
)
X = torch.rand(1, 1, 14, 14)
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape:\t', X.shape)
