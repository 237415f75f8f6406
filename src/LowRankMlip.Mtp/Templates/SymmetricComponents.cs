namespace LowRankMlip.Mtp.Templates;

/// <summary>
/// The distinct components (kx, ky, kz), kx + ky + kz = ν, of a symmetric rank-ν tensor in three dimensions,
/// in the order of MLIP's templates: kx descending, then ky descending (mtp-spec §4.1: xx, xy, xz, yy, yz, zz).
/// </summary>
internal static class SymmetricComponents
{
    public static (int X, int Y, int Z)[] Of(int nu)
    {
        var list = new (int, int, int)[Count(nu)];
        int n = 0;
        for (int kx = nu; kx >= 0; kx--)
            for (int ky = nu - kx; ky >= 0; ky--)
                list[n++] = (kx, ky, nu - kx - ky);
        return list;
    }

    public static int Count(int nu) => (nu + 1) * (nu + 2) / 2;

    /// <summary>Position of (kx, ky, kz) in <see cref="Of"/>(kx + ky + kz).</summary>
    public static int IndexOf(int kx, int ky, int kz)
    {
        int nu = kx + ky + kz, before = 0;
        for (int x = nu; x > kx; x--) before += nu - x + 1;
        return before + (nu - kx - ky);
    }

    /// <summary>ν!/(kx! ky! kz!): how often the component occurs among the 3^ν entries of the full tensor.</summary>
    public static int Multiplicity(int kx, int ky, int kz) => Factorial(kx + ky + kz) / (Factorial(kx) * Factorial(ky) * Factorial(kz));

    private static int Factorial(int n)
    {
        int f = 1;
        for (int i = 2; i <= n; i++) f *= i;
        return f;
    }
}
