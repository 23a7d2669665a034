from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from pif.lib.periods import Period, parse_period
from pif.measures.rules import as_validation_error, check_code_unique, check_indicator
from pif.partnerships.models import Organisation, Partnership


class Tag(models.Model):
    """A label for grouping indicators: a national indicator, a scorecard perspective, a theme."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=100)
    group = models.CharField(
        max_length=100, blank=True,
        help_text="What kind of tag this is, for example National indicator or Perspective.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"],
                                               name="tag_name_unique_in_partnership")]

    def __str__(self) -> str:
        return f"{self.group}: {self.name}" if self.group else self.name


class Breakdown(models.Model):
    """An area (council, locality) or a group (age band) that observations can be split by."""

    class Kind(models.TextChoices):
        AREA = "area", "Area"
        GROUP = "group", "Group"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="breakdowns")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.AREA)
    family_group = models.CharField(
        max_length=60, blank=True,
        help_text="Areas are compared with others in the same family group, as the Local "
                  "Government Benchmarking Framework does.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"],
                                               name="breakdown_name_unique_in_partnership")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERCENTAGE = "percentage", "Percentage"
        COUNT = "count", "Count"
        RATE = "rate", "Rate per N"
        CURRENCY = "currency", "Currency (£)"
        DAYS = "days", "Days"
        SCORE = "score", "Score"
        RATIO = "ratio", "Ratio"

    class Improvement(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEITHER = "neither", "Neither: no direction"

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly (financial quarters)"
        ANNUAL = "annual", "Annual (calendar years)"
        FINANCIAL_YEAR = "financial_year", "Financial year (April to March)"
        ACADEMIC_YEAR = "academic_year", "Academic year (August to July)"
        MULTI_YEAR = "multi_year", "Spans of calendar years (for example 2010-2014)"
        MULTI_FINANCIAL_YEAR = "multi_financial_year", (
            "Spans of financial years (for example 2016-19 or 2016/17 to 2018/19)")

    class MeasureKind(models.TextChoices):
        OUTCOME = "outcome", "Outcome measure"
        PROCESS = "process", "Process measure"
        BALANCING = "balancing", "Balancing measure"

    class RbaKind(models.TextChoices):
        HOW_MUCH = "how_much", "How much did we do?"
        HOW_WELL = "how_well", "How well did we do it?"
        BETTER_OFF = "better_off", "Is anyone better off?"

    class ChartType(models.TextChoices):
        XMR = "xmr", "XmR (Making Data Count)"
        RUN = "run", "Run chart"
        P = "p", "P chart (proportions)"
        PP = "pp", "P′ chart (Laney, large denominators)"
        U = "u", "U chart (rates)"
        UP = "up", "U′ chart (Laney, large denominators)"
        C = "c", "C chart (counts)"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="indicators")
    code = models.CharField(
        max_length=30,
        validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9&._-]{0,29}$",
                                   "Use letters, numbers, and . _ - & only, for example AE-4HR")],
        help_text="A short code unique in the partnership, used in uploads, for example AE-4HR.")
    title = models.CharField(max_length=200)
    definition = models.TextField(
        blank=True, help_text="What is counted, and the numerator and denominator in words.")
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.COUNT)
    rate_per = models.PositiveIntegerField(
        null=True, blank=True, help_text="For a rate: per how many, for example 1000.")
    decimals = models.PositiveSmallIntegerField("decimal places", default=0,
                                                validators=[MaxValueValidator(6)])
    may_exceed_100 = models.BooleanField(
        "values may be more than 100%", default=False,
        help_text="For a percentage that can be more than 100%, such as bed occupancy.")
    lower_bound = models.FloatField(
        "lowest possible value", null=True, blank=True,
        help_text="Optional. Values below it are refused, for example 0.")
    upper_bound = models.FloatField(
        "highest possible value", null=True, blank=True,
        help_text="Optional. Values above it are refused, for example 7 for days in a week.")
    improvement = models.CharField("direction of improvement", max_length=10,
                                   choices=Improvement.choices, default=Improvement.HIGHER)
    frequency = models.CharField(max_length=20, choices=Frequency.choices,
                                 default=Frequency.MONTHLY)
    owner = models.ForeignKey(Organisation, on_delete=models.RESTRICT, related_name="indicators",
                              verbose_name="owning organisation")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             verbose_name="lead person")
    data_source = models.TextField(blank=True)
    quality_note = models.TextField("data quality note", blank=True)
    measure_kind = models.CharField(max_length=20, choices=MeasureKind.choices,
                                    default=MeasureKind.OUTCOME)
    rba_kind = models.CharField("Results-Based Accountability kind", max_length=20,
                                choices=RbaKind.choices, blank=True)
    chart_type = models.CharField(max_length=10, choices=ChartType.choices,
                                  default=ChartType.XMR)
    baseline_period = models.CharField(max_length=30, blank=True,
                                       help_text="The period progress is measured from.")
    due_days = models.PositiveSmallIntegerField(
        "data due (days after period end)", default=30,
        help_text="How many days after each period ends its figure is due.")
    published = models.BooleanField(default=False,
                                    help_text="Published indicators can appear on public pages.")
    tags = models.ManyToManyField(Tag, blank=True, related_name="indicators")
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[tags])

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(
            fields=["partnership", "code"], name="indicator_code_unique_in_partnership",
            violation_error_message="This partnership already has an indicator with that code.")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("indicator", args=[self.partnership.short_name, self.code])

    def clean(self, codes_in_use=None) -> None:
        """`codes_in_use`, the partnership's other codes (see `codes_by_lower_case`), saves a
        query each when many indicators are created at once, as by importing."""
        findings = check_indicator(
            code=self.code, unit=self.unit, rate_per=self.rate_per, chart_type=self.chart_type,
            lower_bound=self.lower_bound, upper_bound=self.upper_bound,
            may_exceed_100=self.may_exceed_100)
        if codes_in_use is None:
            codes_in_use = self.codes_like_this()
        findings += check_code_unique(self.code or "", codes_in_use)
        if findings:
            raise as_validation_error(findings)

    def codes_like_this(self) -> list[str]:
        """The partnership's other indicator codes equal to this one but for capitals."""
        if self.partnership_id is None or not self.code:
            return []
        return list(Indicator.objects.filter(partnership_id=self.partnership_id,
                                             code__iexact=self.code)
                    .exclude(pk=self.pk).values_list("code", flat=True))

    @property
    def current_status(self):
        """The stored status (IndicatorStatus), or NO_STATUS with every field empty if it was
        never computed: the one way to read an indicator's status. Select or prefetch
        "status" to read it for many indicators without a query each."""
        from pif.measures.models.status import NO_STATUS  # that module imports this one

        try:
            return self.status
        except ObjectDoesNotExist:
            return NO_STATUS

    @property
    def improvement_for_spc(self) -> str:
        return {"higher": "increase", "lower": "decrease"}.get(self.improvement, "neutral")

    @property
    def ratio_scale(self) -> float | None:
        """What numerator ÷ denominator is multiplied by to give a value: 100 for a
        percentage, the per-N for a rate; None when values are not ratios."""
        if self.unit == self.Unit.PERCENTAGE:
            return 100.0
        if self.unit == self.Unit.RATE and self.rate_per:
            return float(self.rate_per)
        return None

    @property
    def baseline(self) -> Period | None:
        return Period.from_key(self.baseline_period) if self.baseline_period else None

    def read_period(self, text: str) -> Period | None:
        """The period a person wrote, read at this indicator's frequency; None when blank.
        Raises PeriodError with a message fit to show them."""
        text = text.strip()
        return parse_period(text, frequency=self.frequency) if text else None
