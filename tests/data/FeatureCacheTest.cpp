#include "data/DatasetScanner.h"
#include "data/FeatureCache.h"
#include "TestPaths.h"

#include <QFile>
#include <QtEndian>
#include <QRegularExpression>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>

using namespace convscope;

namespace {

/// The reference's fsdd_mfcc.npy (a little-endian float array, C order) with its shape.
torch::Tensor readNpy(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = file.readAll();
    if (!bytes.startsWith("\x93NUMPY"))
        return {};
    const int major = static_cast<unsigned char>(bytes[6]);
    const int headerLength = major == 1 ? (static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8)
                                        : static_cast<int>(qFromLittleEndian<quint32>(bytes.constData() + 8));
    const int offset = major == 1 ? 10 : 12;
    const QString header = QString::fromLatin1(bytes.mid(offset, headerLength));
    const auto shapeMatch = QRegularExpression("'shape': \\(([^)]*)\\)").match(header);
    std::vector<std::int64_t> shape;
    for (const QString &part : shapeMatch.captured(1).split(',', Qt::SkipEmptyParts))
        shape.push_back(part.trimmed().toLongLong());
    const bool isDouble = header.contains("<f8");
    const QByteArray data = bytes.mid(offset + headerLength);
    torch::Tensor t = torch::empty(shape, isDouble ? torch::kFloat64 : torch::kFloat32);
    if (static_cast<std::size_t>(data.size()) != t.nbytes() || header.contains("'fortran_order': True"))
        return {};
    std::memcpy(t.data_ptr(), data.constData(), t.nbytes());
    return t.to(torch::kFloat32);
}

}  // namespace

TEST(FeatureCache, WholeDatasetMatchesTheReferenceLayoutsAndValues)
{
    const auto t0 = std::chrono::steady_clock::now();
    const DatasetLoadResult loaded = DatasetScanner::load(test::sharedDir() + "/fsdd/recordings");
    const auto t1 = std::chrono::steady_clock::now();
    ASSERT_EQ(loaded.status, LoadStatus::Ok) << loaded.error.toStdString();
    ASSERT_EQ(loaded.dataset.size(), 3000);
    const FeatureCacheResult built = FeatureCache::build(loaded.dataset);
    const auto t2 = std::chrono::steady_clock::now();
    ASSERT_TRUE(built.cache) << built.error.toStdString();
    const FeatureCache &cache = *built.cache;
    std::printf("load %.3f s, features %.3f s (threads %d)\n", std::chrono::duration<double>(t1 - t0).count(),
                std::chrono::duration<double>(t2 - t1).count(), torch::get_num_threads());

    EXPECT_EQ(cache.raw().sizes(), (std::vector<std::int64_t>{3000, 1, 6000}));
    EXPECT_EQ(cache.mfcc().sizes(), (std::vector<std::int64_t>{3000, 13, 74}));
    EXPECT_EQ(cache.raw().scalar_type(), torch::kFloat32);
    EXPECT_EQ(cache.labels().sum().item<std::int64_t>(), 300 * 45);  // 300 of each digit
    EXPECT_EQ(cache.speakerNames().size(), 6);
    EXPECT_EQ(cache.files().front().toStdString(), "0_george_0.wav");
    EXPECT_EQ(cache.speakerIndex()[0].item<std::int64_t>(), cache.speakerNames().indexOf("george"));

    // z-score per file: mean 0, population std 1.
    const torch::Tensor row = cache.raw()[7][0].to(torch::kFloat64);
    EXPECT_NEAR(row.mean().item<double>(), 0.0, 1e-5);
    EXPECT_NEAR(row.std(false).item<double>(), 1.0, 1e-5);

    // Same values as the reference's precomputed fsdd_mfcc.npy, in its file order.
    const torch::Tensor reference = readNpy(test::sharedDir() + "/reference/fsdd_mfcc.npy");
    ASSERT_TRUE(reference.defined());
    ASSERT_EQ(reference.sizes(), cache.mfcc().sizes());
    QFile order(test::sharedDir() + "/reference/fsdd_mfcc_files.txt");
    ASSERT_TRUE(order.open(QIODevice::ReadOnly));
    const QList<QByteArray> names = order.readAll().simplified().split(' ');
    ASSERT_EQ(names.size(), 3000);
    std::vector<std::int64_t> rows;
    for (const QByteArray &name : names)
        rows.push_back(cache.files().indexOf(QString::fromLatin1(name)));
    const torch::Tensor mine = cache.mfcc().index_select(0, FeatureCache::indexTensor(rows));
    EXPECT_LT((mine - reference).abs().max().item<double>(), 1e-3);

    // The random split of the reference (torch.manual_seed(12345); random_split 2000/1000).
    const DatasetSplit split = cache.split({});
    ASSERT_TRUE(split.ok());
    EXPECT_EQ(split.train.size(), 2000u);
    EXPECT_EQ(split.test.size(), 1000u);
}

TEST(FeatureCache, CancelStopsTheBuild)
{
    Dataset dataset;
    dataset.items.push_back({"1_a_1.wav", {1, "a", 1}, std::vector<float>(100, 0.1f)});
    std::atomic<bool> cancel{true};
    const FeatureCacheResult built = FeatureCache::build(dataset, {}, &cancel);
    EXPECT_FALSE(built.cache);
    EXPECT_EQ(built.error.toStdString(), "Cancelled.");
    cancel = false;
    const FeatureCacheResult again = FeatureCache::build(dataset, {}, &cancel);
    ASSERT_TRUE(again.cache);
    EXPECT_EQ(again.cache->mfcc().sizes(), (std::vector<std::int64_t>{1, 13, 74}));
    EXPECT_EQ(again.cache->labels()[0].item<std::int64_t>(), 1);
}
