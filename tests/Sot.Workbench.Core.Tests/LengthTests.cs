using Sot.Workbench.Domain;

namespace Sot.Workbench.Core.Tests;

public class LengthTests
{
    [Theory]
    [InlineData(1, 3.18)]      // 3.175 rounds half away from zero
    [InlineData(2, 6.35)]
    [InlineData(3, 9.53)]      // 9.525
    [InlineData(-1, -3.18)]
    [InlineData(0, 0)]
    public void Eighth_inches_convert_to_millimetres_rounded_half_away_from_zero(double eighths, double expectedMm)
    {
        var length = Length.EighthInches((decimal)eighths);
        Assert.Equal((decimal)expectedMm, length.ToMillimetres());
    }

    [Fact]
    public void Length_keeps_the_number_and_unit_entered()
    {
        var length = Length.EighthInches(3m);
        Assert.Equal(3m, length.Value);
        Assert.Equal(LengthUnit.EighthInch, length.Unit);
        Assert.Equal(9.525m, length.ExactMillimetres);
        Assert.Equal("3 /8 in", length.ToString());
    }

    [Theory]
    [InlineData(10, 3.15)]
    [InlineData(6.35, 2)]
    [InlineData(3.175, 1)]
    public void Millimetres_convert_to_eighth_inches(double mm, double expectedEighths)
    {
        Assert.Equal((decimal)expectedEighths, Length.Millimetres((decimal)mm).ToEighthInches());
    }

    [Fact]
    public void Lengths_compare_by_physical_size_across_units()
    {
        Assert.True(Length.EighthInches(1) > Length.Millimetres(3.1m));
        Assert.True(Length.EighthInches(2) == Length.EighthInches(2));
        Assert.Equal(0, Length.EighthInches(2).CompareTo(Length.Millimetres(6.35m)));
    }

    [Fact]
    public void Undefined_unit_is_rejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Length(1, (LengthUnit)7));
        Assert.Equal("unit", ex.ParamName);
    }
}
