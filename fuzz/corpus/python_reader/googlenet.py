import torch
from torch import nn

class Block(nn.Module):
    """Branches on the same input, added or concatenated along channels, then an optional layer (ConvScope's block)."""
    def __init__(self, branches, merge='add', after=None):
        super().__init__()
        self.branches, self.merge = nn.ModuleList(branches), merge
        self.after = after if after is not None else nn.Identity()

    def forward(self, x):
        outputs = [branch(x) for branch in self.branches]
        y = sum(outputs[1:], outputs[0]) if self.merge == 'add' else torch.cat(outputs, 1)
        return self.after(y)

# GoogLeNet (torchvision, no auxiliary classifiers)
net = nn.Sequential(
    nn.Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False),
    nn.BatchNorm2d(64),
    nn.ReLU(),
    nn.MaxPool2d((3, 3), stride=(2, 2), ceil_mode=True),
    nn.Conv2d(64, 64, kernel_size=(1, 1), bias=False),
    nn.BatchNorm2d(64),
    nn.ReLU(),
    nn.Conv2d(64, 192, kernel_size=(3, 3), padding=(1, 1), bias=False),
    nn.BatchNorm2d(192),
    nn.ReLU(),
    nn.MaxPool2d((3, 3), stride=(2, 2), ceil_mode=True),
    Block([
        nn.Sequential(
            nn.Conv2d(192, 64, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(192, 96, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(96),
            nn.ReLU(),
            nn.Conv2d(96, 128, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(192, 16, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(16),
            nn.ReLU(),
            nn.Conv2d(16, 32, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(32),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.MaxPool2d((3, 3), stride=(1, 1), padding=(1, 1), ceil_mode=True),
            nn.Conv2d(192, 32, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(32),
            nn.ReLU(),
        ),
    ], merge='concat'),
    Block([
        nn.Sequential(
            nn.Conv2d(256, 128, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(256, 128, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
            nn.Conv2d(128, 192, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(192),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(256, 32, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.Conv2d(32, 96, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(96),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.MaxPool2d((3, 3), stride=(1, 1), padding=(1, 1), ceil_mode=True),
            nn.Conv2d(256, 64, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
        ),
    ], merge='concat'),
    nn.MaxPool2d((3, 3), stride=(2, 2), ceil_mode=True),
    Block([
        nn.Sequential(
            nn.Conv2d(480, 192, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(192),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(480, 96, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(96),
            nn.ReLU(),
            nn.Conv2d(96, 208, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(208),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(480, 16, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(16),
            nn.ReLU(),
            nn.Conv2d(16, 48, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(48),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.MaxPool2d((3, 3), stride=(1, 1), padding=(1, 1), ceil_mode=True),
            nn.Conv2d(480, 64, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
        ),
    ], merge='concat'),
    Block([
        nn.Sequential(
            nn.Conv2d(512, 160, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(160),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(512, 112, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(112),
            nn.ReLU(),
            nn.Conv2d(112, 224, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(224),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(512, 24, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(24),
            nn.ReLU(),
            nn.Conv2d(24, 64, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.MaxPool2d((3, 3), stride=(1, 1), padding=(1, 1), ceil_mode=True),
            nn.Conv2d(512, 64, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
        ),
    ], merge='concat'),
    Block([
        nn.Sequential(
            nn.Conv2d(512, 128, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(512, 128, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
            nn.Conv2d(128, 256, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(256),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(512, 24, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(24),
            nn.ReLU(),
            nn.Conv2d(24, 64, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.MaxPool2d((3, 3), stride=(1, 1), padding=(1, 1), ceil_mode=True),
            nn.Conv2d(512, 64, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
        ),
    ], merge='concat'),
    Block([
        nn.Sequential(
            nn.Conv2d(512, 112, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(112),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(512, 144, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(144),
            nn.ReLU(),
            nn.Conv2d(144, 288, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(288),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(512, 32, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.Conv2d(32, 64, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.MaxPool2d((3, 3), stride=(1, 1), padding=(1, 1), ceil_mode=True),
            nn.Conv2d(512, 64, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
        ),
    ], merge='concat'),
    Block([
        nn.Sequential(
            nn.Conv2d(528, 256, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(256),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(528, 160, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(160),
            nn.ReLU(),
            nn.Conv2d(160, 320, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(320),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(528, 32, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.Conv2d(32, 128, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.MaxPool2d((3, 3), stride=(1, 1), padding=(1, 1), ceil_mode=True),
            nn.Conv2d(528, 128, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
        ),
    ], merge='concat'),
    nn.MaxPool2d((2, 2), stride=(2, 2), ceil_mode=True),
    Block([
        nn.Sequential(
            nn.Conv2d(832, 256, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(256),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(832, 160, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(160),
            nn.ReLU(),
            nn.Conv2d(160, 320, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(320),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(832, 32, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.Conv2d(32, 128, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.MaxPool2d((3, 3), stride=(1, 1), padding=(1, 1), ceil_mode=True),
            nn.Conv2d(832, 128, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
        ),
    ], merge='concat'),
    Block([
        nn.Sequential(
            nn.Conv2d(832, 384, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(384),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(832, 192, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(192),
            nn.ReLU(),
            nn.Conv2d(192, 384, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(384),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.Conv2d(832, 48, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(48),
            nn.ReLU(),
            nn.Conv2d(48, 128, kernel_size=(3, 3), padding=(1, 1), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
        ),
        nn.Sequential(
            nn.MaxPool2d((3, 3), stride=(1, 1), padding=(1, 1), ceil_mode=True),
            nn.Conv2d(832, 128, kernel_size=(1, 1), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
        ),
    ], merge='concat'),
    nn.AdaptiveAvgPool2d((1, 1)),
    nn.Flatten(),
    nn.Dropout(0.2),
    nn.Linear(1024, 1000),
)
x = torch.zeros(1, 3, 224, 224)  # a batch of one input
