using Impacte.Domain.Questions;

namespace Impacte.Domain.Tests.Questions;

public class PatientIdentifiersTests
{
    [Theory]
    [InlineData("9434765919")]
    [InlineData("4010232137")]
    [InlineData("4857773457")]
    [InlineData("4505577104")]
    [InlineData("6401234563")]
    [InlineData("9876543210")] // 11 − 0 = 11, so the check digit is 0
    public void Valid_nhs_numbers_pass_the_check(string number)
    {
        Assert.True(PatientIdentifiers.IsValidNhsNumber(number));
    }

    [Theory]
    [InlineData("9434765918")] // wrong check digit
    [InlineData("9434765910")]
    [InlineData("1234567890")] // 11 − (sum mod 11) = 10: no check digit can make this valid
    [InlineData("1234567891")]
    [InlineData("943476591")] // too short
    [InlineData("94347659190")] // too long
    [InlineData("94347659a9")]
    public void Invalid_nhs_numbers_fail_the_check(string number)
    {
        Assert.False(PatientIdentifiers.IsValidNhsNumber(number));
    }

    [Theory]
    [InlineData("9434765919", 0, 10)]
    [InlineData("943 476 5919", 0, 12)]
    [InlineData("943-476-5919", 0, 12)]
    [InlineData("943\u00A0476\u00A05919", 0, 12)]
    [InlineData("943.476.5919", 0, 12)] // dots, and other groupings, are written too
    [InlineData("9434 76 5919", 0, 12)]
    [InlineData("Seen 3/52 ago, NHS no. 943 476 5919, with chest pain", 23, 12)]
    [InlineData("(4010232137)", 1, 10)]
    [InlineData("NHS:6401234563.", 4, 10)]
    public void A_valid_nhs_number_is_refused_wherever_it_is(string text, int start, int length)
    {
        var scan = PatientIdentifiers.Scan(text);

        Assert.True(scan.IsRefused);
        var refusal = Assert.Single(scan.Refusals);
        Assert.Equal((IdentifierKind.NhsNumber, start, length), (refusal.Kind, refusal.Start, refusal.Length));
        Assert.Equal(PatientIdentifiers.NhsNumberMessage, refusal.Message);
    }

    [Fact]
    public void Every_nhs_number_in_the_text_is_reported()
    {
        var scan = PatientIdentifiers.Scan("Patients 943 476 5919 and 401-023-2137 both had this.");

        Assert.Equal([9, 26], scan.Refusals.Select(r => r.Start));
    }

    [Theory]
    [InlineData("943 476 5918")] // fails the checksum
    [InlineData("1234567890")] // check digit would be 10
    [InlineData("19434765919")] // 11 digits: part of something longer
    [InlineData("94347659190")]
    [InlineData("Ref 9434765919123")]
    [InlineData("943 476 59190")]
    [InlineData("Call 0161 496 0000")]
    public void Other_numbers_are_not_refused(string text)
    {
        Assert.False(PatientIdentifiers.Scan(text).IsRefused);
    }

    [Theory]
    [InlineData("DOB 03/03/1961", new[] { 0, 4 })]
    [InlineData("dob: 3/3/61", new[] { 0, 5 })]
    [InlineData("D.O.B. 3.3.1961", new[] { 0, 7 })]
    [InlineData("Her date of birth is in the notes", new[] { 4 })]
    [InlineData("seen on 12-04-21 with cough", new[] { 8 })]
    [InlineData("born on 3 March 1961", new[] { 0 })]
    [InlineData("Born 3rd of Mar. 1961 in Luton", new[] { 0 })]
    [InlineData("a man born March 3, 1961", new[] { 6 })]
    [InlineData("admitted 1961-03-03", new[] { 9 })]
    [InlineData("on 31/12/99 and again on 1/1/2000", new[] { 3, 25 })]
    public void Dates_and_dates_of_birth_are_warned_about(string text, int[] starts)
    {
        var scan = PatientIdentifiers.Scan(text);

        Assert.False(scan.IsRefused);
        Assert.All(scan.Warnings, w => Assert.Equal(IdentifierKind.DateOfBirth, w.Kind));
        Assert.Equal(starts, scan.Warnings.Select(w => w.Start));
    }

    [Fact]
    public void A_birth_date_is_flagged_more_firmly_than_a_plain_date()
    {
        var born = Assert.Single(PatientIdentifiers.Scan("born on 3 March 1961").Warnings);
        var plain = Assert.Single(PatientIdentifiers.Scan("reviewed 3 March 2024").Warnings);

        Assert.Equal((0, 20), (born.Start, born.Length));
        Assert.Equal(PatientIdentifiers.DateOfBirthMessage, born.Message);
        Assert.Equal(PatientIdentifiers.DateMessage, plain.Message);
    }

    [Theory]
    [InlineData("Lives at MK9 3EP", 9, 7)]
    [InlineData("LU1 1AA", 0, 7)]
    [InlineData("LU11AA", 0, 6)]
    [InlineData("near SW1A 1AA today", 5, 8)]
    [InlineData("EC1A1BB", 0, 7)]
    [InlineData("postcode mk9 3ep", 9, 7)]
    [InlineData("M1 1AE.", 0, 6)]
    public void Full_postcodes_are_warned_about(string text, int start, int length)
    {
        var scan = PatientIdentifiers.Scan(text);

        var warning = Assert.Single(scan.Warnings);
        Assert.Equal((IdentifierKind.Postcode, start, length), (warning.Kind, warning.Start, warning.Length));
        Assert.Equal(PatientIdentifiers.PostcodeMessage, warning.Message);
        Assert.False(scan.IsRefused);
    }

    [Theory]
    [InlineData("Practices in MK9 and LU1")] // outward codes only
    [InlineData("HbA1c 48 mmol/mol")]
    [InlineData("aged 65")]
    [InlineData("10 mg once daily")]
    [InlineData("BP 140/90, eGFR 45 ml/min/1.73m2")]
    [InlineData("HR 0.86 (95% CI 0.79-0.94), NNT 25")]
    [InlineData("ICD-10 E11.9, CKD stage 3a, T2DM")]
    [InlineData("NICE NG28 and NG136 updated")]
    [InlineData("vitamin B12 1 mg, COVID-19, 1 in 10")]
    [InlineData("Stage T2 N0 M0, 2 x 500 mg")]
    [InlineData("A 58-year-old woman with type 2 diabetes on 1 g metformin twice a day")]
    [InlineData("")]
    [InlineData(null)]
    public void Clinical_text_raises_nothing(string? text)
    {
        var scan = PatientIdentifiers.Scan(text);

        Assert.True(scan.IsClean, string.Join("; ", scan.Warnings.Concat(scan.Refusals).Select(f =>
            $"{f.Kind} '{text!.Substring(f.Start, f.Length)}'")));
    }

    [Fact]
    public void A_patient_banner_gives_one_refusal_and_ordered_warnings()
    {
        const string text = "Mrs A, DOB 03/03/1961, MK9 3EP, NHS 943 476 5919";

        var scan = PatientIdentifiers.Scan(text);

        Assert.Equal("943 476 5919", text.Substring(scan.Refusals[0].Start, scan.Refusals[0].Length));
        Assert.Equal(["DOB", "03/03/1961", "MK9 3EP"], scan.Warnings.Select(w => text.Substring(w.Start, w.Length)));
    }
}
