# d2l's small VGG (not a preset): blocks made in a loop, nested nn.Sequential, ceil_mode and bias=False
import torch
from torch import nn

def vgg_block(num_convs, in_channels, out_channels):
    layers = []
    for _ in range(num_convs):
        layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1, bias=False))
        layers.append(nn.BatchNorm2d(out_channels))
        layers.append(nn.LeakyReLU(negative_slope=0.1, inplace=True))
        in_channels = out_channels
    layers.append(nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True))
    return nn.Sequential(*layers)

def vgg(conv_arch):
    conv_blks = []
    in_channels = 1
    for (num_convs, out_channels) in conv_arch:
        conv_blks.append(vgg_block(num_convs, in_channels, out_channels))
        in_channels = out_channels
    return nn.Sequential(
        *conv_blks, nn.Conv2d(in_channels, in_channels, 3, groups=in_channels, padding='same'),
        nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(),
        nn.Linear(in_channels, 64), nn.Hardswish(), nn.Dropout(0.5),
        nn.Linear(64, 10))

ratio = 4
conv_arch = ((1, 64), (1, 128), (2, 256))
small_conv_arch = [(pair[0], pair[1] // ratio) for pair in conv_arch]
net = vgg(small_conv_arch)
X = torch.randn(size=(1, 1, 32, 32))
