"""Consultation records: rationale documents from theme specialists, surveys and their
responses, and the emerging-issues log. Documents, surveys and emerging issues keep
their history (django-simple-history): who changed them, when, and the note given."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cycles.models import CycleYear, Issue
from partnerships.models import Membership, Partnership


def new_public_key() -> str:
    return secrets.token_urlsafe(18)


# Rationale documents ---------------------------------------------------------------


class RationaleDocument(models.Model):
    """One request to a theme specialist and the document they write in answer to it."""

    class State(models.TextChoices):
        REQUESTED = "requested", "Requested"
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned with comments"
        RESUBMITTED = "resubmitted", "Resubmitted"
        ACCEPTED = "accepted", "Accepted"

    # (field name, heading, help text) in the order the document reads.
    SECTIONS = [
        ("key_information", "Key information", "What the problem is, in brief."),
        ("current_work", "Current work", "What partners are already doing about it."),
        ("progress", "Progress", "How well the current work is going."),
        ("gaps", "Gaps in intervention or intelligence", "What is missing or not known."),
        ("recommendations", "Recommendations", "What the partnership could do next."),
        ("data_sources", "Data sources", "Where the figures and evidence come from."),
    ]

    year = models.ForeignKey(CycleYear, on_delete=models.CASCADE, related_name="rationales")
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="rationales"
    )
    theme = models.CharField(
        max_length=100, blank=True, help_text="Used when the request covers a whole theme."
    )
    specialist = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="rationales_to_write"
    )
    requested_by = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rationales_requested",
    )
    due_on = models.DateField()
    message = models.TextField(blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.REQUESTED)
    key_information = models.TextField(blank=True)
    current_work = models.TextField(blank=True)
    progress = models.TextField(blank=True)
    gaps = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    data_sources = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Rationale: {self.subject}"

    def get_absolute_url(self) -> str:
        slug = self.year.cycle.partnership.slug
        return reverse("consultation:rationale", kwargs={"slug": slug, "rationale_id": self.pk})

    @property
    def subject(self) -> str:
        return self.issue.title if self.issue_id else f"Theme: {self.theme}"

    def section_values(self) -> list[tuple[str, str]]:
        return [(heading, getattr(self, name)) for name, heading, _ in self.SECTIONS]


class RationaleAttachment(models.Model):
    """A file stored under MEDIA_ROOT and only ever served through an access-checked view."""

    document = models.ForeignKey(
        RationaleDocument, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="consultation/rationale/")
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, help_text="pdf, docx, xlsx or odt, from the content.")
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Set when the retention run deletes the file; the record stays.
    file_deleted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


# Surveys ---------------------------------------------------------------------------


class Survey(models.Model):
    class Audience(models.TextChoices):
        PUBLIC = "public", "Public (a link, no sign-in)"
        PARTNER = "partner", "Partners (signed-in members)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CLOSED = "closed", "Closed"

    year = models.ForeignKey(CycleYear, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField()
    closes_on = models.DateField()
    public_key = models.CharField(max_length=40, unique=True, default=new_public_key)
    requires_token = models.BooleanField(
        "One response per link",
        default=False,
        help_text="Each respondent needs their own link, which works once.",
    )
    privacy_notice = models.TextField(blank=True)
    template_key = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        slug = self.year.cycle.partnership.slug
        return reverse("consultation:survey", kwargs={"slug": slug, "survey_id": self.pk})

    def is_open(self, today) -> bool:
        return self.status == self.Status.PUBLISHED and self.opens_on <= today <= self.closes_on

    def is_full(self) -> bool:
        """Whether the survey has all the answers it may take (a bound on what the
        public can store, whatever addresses they answer from)."""
        return self.answers_online() >= settings.SURVEY_MOST_ANSWERS

    def answers_online(self) -> int:
        """Responses sent through the survey's pages; an analyst's imports are not."""
        return self.responses.filter(source=Response.Source.WEB).count()


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        RATING = "rating", "Rating from 1 to 5"
        RANKING = "ranking", "Ranking of the long-list issues"
        TEXT = "text", "Free text"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(max_length=500)
    help_text = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=False)
    options = models.JSONField(default=list, blank=True, help_text="Choices, for choice questions.")

    class Meta:
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyToken(models.Model):
    """A one-use link for surveys that allow one response per link."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=40, unique=True, default=new_public_key)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Link for survey {self.survey_id}"


class SurveyImport(models.Model):
    """One CSV file imported from another survey tool; a file is imported once only."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "sha256"], name="import_each_file_once"),
        ]

    def __str__(self) -> str:
        return self.filename


class Response(models.Model):
    """One person's answers. Nothing here identifies a member of the public: no address,
    no hash of one, no cookie."""

    class Source(models.TextChoices):
        WEB = "web", "Online"
        IMPORT = "import", "Imported"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submission_id = models.CharField(max_length=40)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    respondent = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
        help_text="Partner surveys only.",
    )
    import_batch = models.ForeignKey(
        SurveyImport, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    submitted_at = models.DateTimeField()
    # Set when the retention run removed its free text and who gave it; the choices,
    # ratings and rankings stay for the counts.
    anonymised_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "submission_id"], name="one_response_per_submission"
            ),
            models.UniqueConstraint(
                fields=["survey", "respondent"], name="one_response_per_partner"
            ),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to survey {self.survey_id}"


class Answer(models.Model):
    class Moderation(models.TextChoices):
        SHOWN = "shown", "Shown"
        HIDDEN = "hidden", "Hidden"
        REDACTED = "redacted", "Redacted"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(null=True, blank=True, help_text="Choice, choices, rating or ranking.")
    text = models.TextField(blank=True, help_text="Free text exactly as given.")
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.SHOWN
    )
    published_text = models.TextField(blank=True, help_text="What results and exports show.")
    # Set when a redacted answer's original wording is erased, from the answer and its
    # moderation log alike (the log keeps who, when and why).
    original_erased_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["response", "question"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_each"),
        ]

    def __str__(self) -> str:
        return f"Answer to question {self.question_id}"


class AnswerModeration(models.Model):
    """The history of hiding, redacting and restoring a free-text answer."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="moderations")
    action = models.CharField(max_length=10, choices=Answer.Moderation.choices)
    reason = models.CharField(max_length=300)
    text_before = models.TextField(blank=True)
    text_after = models.TextField(blank=True)
    by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.reason}"


# Emerging issues -------------------------------------------------------------------


class EmergingIssue(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Waiting for triage"
        ADDED = "added", "Added to a long list"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="emerging_issues"
    )
    title = models.CharField("What", max_length=200)
    location = models.CharField("Where", max_length=200, blank=True)
    evidence = models.TextField(blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="Who or what raised it, such as a residents' meeting."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    logged_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_at = models.DateTimeField()
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="emerging_from"
    )
    close_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-logged_at", "pk"]

    def __str__(self) -> str:
        return self.title
