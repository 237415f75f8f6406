using FsCheck.Xunit;
using LowRankMlip.LowRank;

namespace LowRankMlip.Tests.LowRank;

/// <summary>Names, shapes and index maps of the radial views (lowrank-algorithms §0).</summary>
public class RadialViewsTests
{
    private static readonly RadialView[] MatrixViews = [RadialView.Pairs, RadialView.PairMu, RadialView.Mu, RadialView.Center];

    [Fact]
    public void NamesParseBack()
    {
        Assert.Equal(["pairs", "pairmu", "mu", "center", "tensor3", "tensor4"], RadialViews.All.Select(RadialViews.Name));
        foreach (var view in RadialViews.All) Assert.Equal(view, RadialViews.Parse(RadialViews.Name(view)));
        Assert.Equal(RadialView.PairMu, RadialViews.Parse("PairMu"));
        var error = Assert.Throws<ArgumentException>(() => RadialViews.Parse("rows"));
        Assert.Contains("pairs, pairmu, mu, center, tensor3, tensor4", error.Message);
        Assert.Equal(MatrixViews, RadialViews.All.Where(RadialViews.IsMatrix));
    }

    [Fact]
    public void ShapesFollowTheDefinitions()
    {
        var shape = LowRankTestData.Small; // S = 2, K = 3, R = 4
        Assert.Equal((4, 12), RadialViews.MatrixShape(shape, RadialView.Pairs));
        Assert.Equal((12, 4), RadialViews.MatrixShape(shape, RadialView.PairMu));
        Assert.Equal((3, 16), RadialViews.MatrixShape(shape, RadialView.Mu));
        Assert.Equal((2, 24), RadialViews.MatrixShape(shape, RadialView.Center));
        Assert.Equal([4, 3, 4], RadialViews.TensorModes(shape, RadialView.Tensor3));
        Assert.Equal([2, 2, 3, 4], RadialViews.TensorModes(shape, RadialView.Tensor4));
        Assert.Throws<ArgumentException>(() => RadialViews.MatrixShape(shape, RadialView.Tensor3));
        Assert.Throws<ArgumentException>(() => RadialViews.ToMatrix(new double[95], shape, RadialView.Pairs, new double[96]));
    }

    [Theory]
    [InlineData(RadialView.Pairs)]
    [InlineData(RadialView.PairMu)]
    [InlineData(RadialView.Mu)]
    [InlineData(RadialView.Center)]
    public void EntriesLandWhereTheDefinitionsSay(RadialView view)
    {
        var shape = LowRankTestData.Small;
        int s = shape.Species, k = shape.Functions, r = shape.BasisSize;
        var flat = Enumerable.Range(0, shape.Length).Select(i => (double)i).ToArray();
        var (_, columns) = RadialViews.MatrixShape(shape, view);
        var matrix = new double[shape.Length];
        RadialViews.ToMatrix(flat, shape, view, matrix);
        for (int a = 0; a < s; a++)
            for (int b = 0; b < s; b++)
                for (int mu = 0; mu < k; mu++)
                    for (int beta = 0; beta < r; beta++)
                    {
                        int pair = a * s + b, index = (pair * k + mu) * r + beta;
                        var (row, column) = view switch
                        {
                            RadialView.Pairs => (pair, mu * r + beta),
                            RadialView.PairMu => (pair * k + mu, beta),
                            RadialView.Mu => (mu, pair * r + beta),
                            _ => (a, (b * k + mu) * r + beta),
                        };
                        Assert.Equal(index, matrix[row * columns + column]);
                    }
    }

    [Property(MaxTest = 30)]
    public bool MatrixViewsRoundTrip(int seed)
    {
        var random = new Random(seed);
        var shape = new RadialShape(random.Next(1, 5), random.Next(1, 7), random.Next(1, 9));
        var flat = LowRankTestData.Gaussian(shape.Length, seed);
        return MatrixViews.All(view =>
        {
            var matrix = new double[shape.Length];
            var back = new double[shape.Length];
            RadialViews.ToMatrix(flat, shape, view, matrix);
            RadialViews.FromMatrix(matrix, shape, view, back);
            return back.SequenceEqual(flat);
        });
    }
}
