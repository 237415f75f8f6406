using LowRankMlip.Io;
using Xunit;

namespace LowRankMlip.Tests.Io;

public class ExtXyzTests
{
    [Theory]
    [InlineData("al4gap-kcl-thcl4/train.xyz", 451, 27824)]
    [InlineData("al4gap-kcl-thcl4/test.xyz", 48, 2995)]
    [InlineData("al4gap-kcl-thcl4/quip_test.xyz", 48, 2995)]
    [InlineData("3bpa-botnet/train_300K.xyz", 500, 13500)]
    [InlineData("3bpa-botnet/train_mixedT.xyz", 500, 13500)]
    [InlineData("3bpa-botnet/iso_atoms.xyz", 4, 4)]
    public void Samples_parse_with_the_right_counts(string relative, int configs, int atoms)
    {
        var all = ExtXyzReader.Read(IoPaths.Ref(relative)).ToList();
        Assert.Equal(configs, all.Count);
        Assert.Equal(atoms, all.Sum(c => c.AtomCount));
        Assert.All(all, c => Assert.True(c.HasEnergy));
    }

    [Fact]
    public void Al4gap_first_frame_species_energy_and_stress()
    {
        var c = ExtXyzReader.Read(IoPaths.Ref("al4gap-kcl-thcl4/train.xyz")).First();
        Assert.Equal(17, c.Types[0]); // Cl
        Assert.Equal("Cl", c.Symbols![0]);
        Assert.Equal(-1781.10209802, c.Energy);
        Assert.Equal(3, c.Cell.PeriodicDimensionCount);
        Assert.Equal(13.45251797, c.Cell.Vectors[0]);
        Assert.Equal([1.02200003, 6.57531003, 4.86445996], c.Positions[..3]);
        Assert.Equal([0.18002698, -0.46122033, 0.48629822], c.Forces![..3]);
        // ASE stress σ (tensile positive, eV/Å³) → W = −V·σ (mtp-spec §5.4); V = a³.
        double v = c.Cell.Volume;
        Assert.Equal(13.45251797 * 13.45251797 * 13.45251797, v, 1e-9);
        Assert.Equal(-102.22864144049521, c.Virial![0], 1e-9);
        Assert.Equal(-v * 0.031827724395664836, c.Virial[1], 1e-12);
        Assert.Equal(-v * 0.030870726090924623, c.Virial[2], 1e-12);
        Assert.Equal(-v * 0.0022902701065303176, c.Virial[3], 1e-12); // yz
        Assert.Equal(-v * -0.002216721205322933, c.Virial[4], 1e-12); // xz
        Assert.Equal(-v * 0.0040603950622820125, c.Virial[5], 1e-12); // xy
        Assert.Equal("melt", c.GetFeature("config_type"));
    }

    [Fact]
    public void Nonperiodic_frames_have_no_cell()
    {
        var c = ExtXyzReader.Read(IoPaths.Ref("3bpa-botnet/train_300K.xyz")).First();
        Assert.Equal(0, c.Cell.PeriodicDimensionCount);
        Assert.Null(c.Virial);
        Assert.Equal(27, c.AtomCount);
        Assert.Equal(6, c.Types[0]); // C
        Assert.Equal("_JSON [209.44, 80.54, 59.96]", c.GetFeature("dihedrals"));
    }

    [Fact]
    public void Voigt_stress_virial_key_integer_species_and_unknown_columns()
    {
        const string text =
            "2\nLattice=\"2 0 0 0 2 0 0 0 2\" Properties=species:S:1:pos:R:3:tags:I:1:force:R:3:extra:R:2 Energy=-3.5 stress=\"1 2 3 4 5 6\" pbc=\"T T T\"\n" +
            "0 0 0 0 7 1 2 3 9 9\n" +
            "1 1 1 1 7 -1 -2 -3 9 9\n" +
            "1\nLattice=\"2 0 0 0 2 0 0 0 2\" Properties=species:S:1:pos:R:3 virial=\"1 6 5 6 2 4 5 4 3\" stress=\"9 9 9 9 9 9\"\n" +
            "W 0 0 0\n";
        var all = ExtXyzReader.Read(new StringReader(text), "mem.xyz").ToList();
        var a = all[0];
        Assert.Equal([0, 1], a.Types);
        Assert.Null(a.Symbols);
        Assert.Equal(-3.5, a.Energy);
        Assert.Equal([1.0, 2, 3, -1, -2, -3], a.Forces!);
        Assert.Equal([-8.0, -16, -24, -32, -40, -48], a.Virial!); // V = 8, Voigt xx yy zz yz xz xy
        var b = all[1];
        Assert.Equal([74], b.Types);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], b.Virial!); // virial preferred, stored directly
    }

    [Theory]
    [InlineData("2\nProperties=species:S:1:pos:R:3\nH 0 0 0\n", 3, "expected 2 atom lines")]
    [InlineData("1\nProperties=species:S:1:pos:R:3\nXx 0 0 0\n", 3, "unknown species 'Xx'")]
    [InlineData("1\nProperties=species:S:1:pos:R:3\nH 0 0\n", 3, "atom 1: expected 4 values")]
    [InlineData("1\nLattice=\"1 0 0\" Properties=species:S:1:pos:R:3\nH 0 0 0\n", 2, "Lattice: expected 9 numbers, found 3")]
    [InlineData("x\n", 1, "expected the atom count")]
    [InlineData("1\nProperties=species:S:1:pos:R:3 stress=\"1 1 1 0 0 0\"\nH 0 0 0\n", 2, "stress needs a Lattice")]
    [InlineData("1\nenergy=\"1\nH 0 0 0\n", 2, "unterminated value")]
    public void Malformed_extxyz_is_rejected(string text, int line, string fragment)
    {
        var ex = Assert.Throws<InputFormatException>(() => ExtXyzReader.Read(new StringReader(text), "mem.xyz").ToList());
        Assert.Equal(line, ex.Line);
        Assert.Contains(fragment, ex.Message);
    }

    [Fact]
    public void Writer_output_is_readable_and_exact()
    {
        var c = new Configuration(Cell.Periodic([3.1, 0, 0, 0.1, 3.2, 0, 0, 0, 3.3]), [42, 74], [0, 0, 0, 1.0 / 3, 0.5, 0.7])
        {
            Symbols = ["Mo", "W"],
            Energy = -1.0 / 7,
            Forces = [0.1, 0.2, 0.3, -0.1, -0.2, -0.3],
            Virial = [1, 2, 3, 4, 5, 6],
        };
        c.Features.Add(new("note", "two words \"quoted\""));
        var sw = new StringWriter();
        ExtXyzWriter.Write(sw, c);
        var back = Assert.Single(ExtXyzReader.Read(new StringReader(sw.ToString()), "mem.xyz"));
        RoundTripTests.AssertSame([c], [back]);
        Assert.Equal(c.Symbols, back.Symbols);
        Assert.Contains("stress=", sw.ToString());
    }
}
