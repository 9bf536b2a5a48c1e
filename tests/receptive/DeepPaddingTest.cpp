#include "receptive/DeepPadding.h"

#include <gtest/gtest.h>

using namespace convscope;

TEST(DeepPadding, OneLayerOnFiveByFive)
{
    const auto images = deepPaddingImages(5, 1);
    ASSERT_EQ(images.size(), 2u);
    const FeatureMap &input = images[0];
    EXPECT_EQ(input.nonZeroCount(), 25);
    EXPECT_FLOAT_EQ(input.at(0, 2, 2), 1.0f);
    const FeatureMap &after = images[1];
    EXPECT_FLOAT_EQ(after.at(0, 0, 0), 4.0f / 9.0f);  // corner: 4 of 9 neighbours are inside
    EXPECT_FLOAT_EQ(after.at(0, 0, 2), 6.0f / 9.0f);  // edge
    EXPECT_FLOAT_EQ(after.at(0, 4, 4), 4.0f / 9.0f);
    EXPECT_FLOAT_EQ(after.at(0, 2, 2), 1.0f);          // centre
}

TEST(DeepPadding, DarknessGrowsWithDepthAndStaysSymmetric)
{
    const auto images = deepPaddingImages(9, 6);
    ASSERT_EQ(images.size(), 7u);
    for (std::size_t k = 1; k < images.size(); ++k) {
        EXPECT_LT(images[k].at(0, 0, 0), images[k - 1].at(0, 0, 0));
        EXPECT_LE(images[k].at(0, 4, 4), images[k - 1].at(0, 4, 4));
        for (int r = 0; r < 9; ++r)
            for (int c = 0; c < 9; ++c) {
                EXPECT_FLOAT_EQ(images[k].at(0, r, c), images[k].at(0, c, r));
                EXPECT_FLOAT_EQ(images[k].at(0, r, c), images[k].at(0, 8 - r, 8 - c));
            }
    }
    // The centre of a 9×9 image is untouched by the border for 4 layers, then it darkens.
    EXPECT_FLOAT_EQ(images[4].at(0, 4, 4), 1.0f);
    EXPECT_LT(images[5].at(0, 4, 4), 1.0f);
}
