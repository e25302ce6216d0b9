using Sot.Workbench.Questionnaires;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Protocols;
using Sot.Workbench.Reports;
using Sot.Workbench.Safety;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Plugins.Reports;

/// <summary>
/// Builds the structured documents (Core's <see cref="ReportDocument"/>) from the record: the SOAP note, the
/// progress report and the referral letter. Formats render them; nothing here knows about bytes.
/// </summary>
internal sealed class DocumentComposer(IEnumerable<IReportSectionContributor> contributors, IndicatorCatalogue? catalogue, ProcedureRegistry? procedures)
{
    public const string Source = "sot.reports";

    /// <summary>The notice every clinical document carries: suggestions are the protocol's, decisions the practitioner's.</summary>
    public const string SuggestionNotice =
        "Category and technique suggestions are protocol suggestions generated from the recorded findings for the practitioner's decision; they are not diagnoses and state nothing about the effect of care.";

    public const string DraftMarking = "DRAFT — not signed";
    public const string EnteredInErrorMarking = "ENTERED IN ERROR — kept for the record, not valid";
    public const string InactiveLabel = "recorded by a module that is not active now";

    private readonly IReportSectionContributor[] _contributors = contributors.ToArray();

    public ReportDocument VisitNote(VisitRecord record)
    {
        var visit = record.Visit;
        var sections = new List<(int Order, int Index, ReportSection Section)>
        {
            (ReportSectionOrder.Subjective, 0, Subjective(visit)),
            (ReportSectionOrder.Objective, 1, Objective(visit)),
            (ReportSectionOrder.Assessment, 2, Assessment(record)),
            (ReportSectionOrder.Plan, 3, Plan(record)),
        };
        if (visit.Addenda.Count > 0)
        {
            sections.Add((ReportSectionOrder.Addenda, 4, Addenda(record)));
        }

        var context = ReportContext.ForVisit(visit, record.Patient, record.Analysis);
        var index = 10;
        foreach (var contributor in _contributors)
        {
            if (contributor.Build(context) is { } section)
            {
                sections.Add((contributor.Order, index++, section));
            }
        }

        return new ReportDocument("SOAP note", [.. sections.OrderBy(s => s.Order).ThenBy(s => s.Index).Select(s => s.Section)])
        {
            Header = VisitHeader(record),
            Marking = Marking(visit),
            Footer = [Signature(record), SuggestionNotice],
        };
    }

    public ReportDocument ReferralLetter(VisitRecord record)
    {
        var visit = record.Visit;
        var screen = visit.RedFlagScreen;
        var stop = record.Analysis?.Suggestions.Where(s => s.Kind == SuggestionKind.StopAndRefer).ToArray() ?? [];
        if (screen?.RequiresReferral != true && stop.Length == 0)
        {
            throw new DocumentNotAvailableException(ClinicalDocumentKind.ReferralLetter, visit.Id,
                "the visit has no red flag or referral trigger recorded and no stop-and-refer protocol suggestion.");
        }

        var responsible = record.PractitionerOf(visit.ResponsiblePractitioner);
        var reasons = new List<ReportRow>();
        foreach (var item in screen?.Items.Where(i => i.Kind != SafetyItemKind.Precaution) ?? [])
        {
            reasons.Add(new ReportRow(item.Kind == SafetyItemKind.RedFlag ? "Red flag" : "Referral trigger", item.Label + ": " + item.Description));
        }

        foreach (var suggestion in stop)
        {
            reasons.Add(new ReportRow(Suggestion.DisplayLabel + " (" + suggestion.RuleId + ")", suggestion.Rationale));
        }

        var findings = visit.Findings.Where(f => f.Phase == FindingPhase.InitialAnalysis).ToArray();
        var evidence = stop.SelectMany(s => s.Evidence).Distinct().ToArray();
        var sections = new List<ReportSection>
        {
            new("Reason for referral")
            {
                Rows = reasons,
                Paragraphs = ["I am referring this patient for your assessment. The visit was stopped and no SOT procedure was given for the reasons below, recorded on " + Text.Date(VisitDate(visit)) + "."],
            },
            new("Findings that prompted the referral")
            {
                Rows = [.. (evidence.Length > 0 ? evidence : findings).Select(FindingRow)],
                Paragraphs = findings.Length == 0 ? ["No examination findings were recorded before the visit was stopped."] : [],
            },
            new("Visit")
            {
                Rows =
                [
                    new ReportRow("Chief complaint", visit.ChiefComplaint ?? "(not recorded)"),
                    new ReportRow("Pain (NRS)", visit.PainScore is { } pain ? Text.Number(pain) + " / 10" : "(not recorded)"),
                    new ReportRow("Outcome", visit.State == VisitState.Discontinued ? "Visit discontinued" + (visit.Referred ? "; patient referred" : string.Empty) : StateText(visit.State)),
                    .. visit.ClosingReason is { } reason ? [new ReportRow("Reason given", reason)] : Array.Empty<ReportRow>(),
                ],
            },
        };

        return new ReportDocument("Referral letter", sections)
        {
            Header =
            [
                new ReportRow("Date", Text.Date(VisitDate(visit))),
                new ReportRow("Patient", record.Patient.GivenName + " " + record.Patient.FamilyName),
                new ReportRow("Date of birth", Text.Date(record.Patient.DateOfBirth)),
                new ReportRow("Patient id", record.Patient.Id.ToString()),
                new ReportRow("From", Text.Person(responsible, visit.ResponsiblePractitioner)),
            ],
            Footer = ["Signed: " + Text.Person(responsible, visit.ResponsiblePractitioner) + ", " + Text.Date(VisitDate(visit)), SuggestionNotice],
        };
    }

    public ReportDocument ProgressReport(PatientRecord record)
    {
        var visits = record.Visits.OrderBy(v => VisitDate(v.Visit)).ThenBy(v => v.Visit.Id.Value).ToArray();
        var sections = new List<ReportSection>();

        var scoreRows = new List<ReportRow>();
        var pain = new List<ChartPoint>();
        var instruments = new SortedDictionary<string, List<ChartPoint>>(StringComparer.Ordinal);
        foreach (var v in visits)
        {
            var date = Text.Date(VisitDate(v.Visit));
            var parts = new List<string>();
            if (v.Visit.PainScore is { } p)
            {
                pain.Add(new ChartPoint(date, p));
                parts.Add("NRS " + Text.Number(p) + "/10");
            }

            foreach (var q in v.Visit.Questionnaires)
            {
                if (!instruments.TryGetValue(OutcomeInstruments.Code(q.Instrument), out var points))
                {
                    instruments[OutcomeInstruments.Code(q.Instrument)] = points = [];
                }

                points.Add(new ChartPoint(date, q.Score));
                parts.Add(OutcomeInstruments.Code(q.Instrument) + " " + Text.Score(OutcomeInstruments.Code(q.Instrument), q.Score));
            }

            scoreRows.Add(new ReportRow(date, parts.Count == 0 ? "(no scores recorded)" : string.Join("; ", parts)));
        }

        var figures = new List<ReportFigure>();
        if (pain.Count > 0)
        {
            figures.Add(new LineChartFigure("Pain over time (NRS 0–10)", [new ChartSeries("Pain (NRS)", pain)], 0, 10));
        }

        if (instruments.Count > 0)
        {
            figures.Add(new LineChartFigure("Questionnaire scores over time", [.. instruments.Select(i => new ChartSeries(i.Key, i.Value))], 0, 100));
        }

        sections.Add(new ReportSection("Scores over time")
        {
            Rows = scoreRows,
            Paragraphs = visits.Length == 0 ? ["No visits are recorded."] : [],
            Figures = figures,
        });

        sections.Add(new ReportSection("Category history")
        {
            Rows = [.. visits.Select(v => new ReportRow(Text.Date(VisitDate(v.Visit)), v.Visit.Category is { } c ? CategoryText(c) : "(no category recorded)"))],
        });

        var withExam = visits.Where(v => v.Visit.HasExaminationFindings).ToArray();
        var cleared = new List<ReportRow>();
        if (withExam.Length >= 2)
        {
            var first = withExam[0].Visit.Findings.Where(f => f.Phase == FindingPhase.InitialAnalysis && IsPositive(f)).ToArray();
            var last = withExam[^1].Visit.Findings.Where(f => f.Phase == FindingPhase.InitialAnalysis).ToArray();
            foreach (var f in first.DistinctBy(f => (f.Code, f.Side)))
            {
                if (!last.Any(l => l.Code == f.Code && l.Side == f.Side && IsPositive(l)))
                {
                    cleared.Add(new ReportRow(FindingLabel(f), "positive on " + Text.Date(VisitDate(withExam[0].Visit)) + "; not positive on " + Text.Date(VisitDate(withExam[^1].Visit))));
                }
            }
        }

        sections.Add(new ReportSection("Indicators that cleared")
        {
            Rows = cleared,
            Paragraphs = withExam.Length < 2
                ? ["Two examinations are needed to compare indicators."]
                : cleared.Count == 0 ? ["No indicator positive at the first examination was clear at the latest one."] : [],
        });

        var plan = record.CarePlan;
        sections.Add(new ReportSection("Visits against the care plan")
        {
            Rows = plan is null
                ? [new ReportRow("Visits recorded", Text.Number(visits.Length))]
                :
                [
                    new ReportRow("Care plan", plan.Id.ToString()),
                    new ReportRow("Plan status", plan.State.ToString()),
                    new ReportRow("Planned visits", Text.Number(plan.PlannedVisits)),
                    new ReportRow("Visits done against the plan", Text.Number(plan.VisitCount)),
                    new ReportRow("Visits recorded in this report", Text.Number(visits.Length)),
                    .. plan.Definition.ReExams is { } re ? [new ReportRow("Re-examinations", "every " + Text.Number(re.EveryNthVisit) + " visits (" + re.Questionnaire + ")")] : Array.Empty<ReportRow>(),
                ],
            Paragraphs = plan is null ? ["No care plan is recorded."] : [],
        });

        return new ReportDocument("Progress report", sections)
        {
            Header =
            [
                new ReportRow("Patient", record.Patient.GivenName + " " + record.Patient.FamilyName),
                new ReportRow("Date of birth", Text.Date(record.Patient.DateOfBirth)),
                new ReportRow("Patient id", record.Patient.Id.ToString()),
                new ReportRow("Period", visits.Length == 0 ? "(no visits)" : Text.Date(VisitDate(visits[0].Visit)) + " to " + Text.Date(VisitDate(visits[^1].Visit))),
            ],
            Footer = [SuggestionNotice],
        };
    }

    /// <summary>The visit's date: when it started, else when it was booked.</summary>
    public static DateTimeOffset VisitDate(Visit visit)
    {
        foreach (var e in visit.Events)
        {
            if (e.Command is StartVisit)
            {
                return e.At;
            }
        }

        return visit.Events[0].At;
    }

    public static string? Marking(Visit visit) => visit.State switch
    {
        VisitState.EnteredInError => EnteredInErrorMarking,
        _ when visit.Signer is null => DraftMarking,
        _ => null,
    };

    private static IReadOnlyList<ReportRow> VisitHeader(VisitRecord record)
    {
        var visit = record.Visit;
        return
        [
            new ReportRow("Patient", record.Patient.GivenName + " " + record.Patient.FamilyName),
            new ReportRow("Date of birth", Text.Date(record.Patient.DateOfBirth)),
            new ReportRow("Patient id", record.Patient.Id.ToString()),
            new ReportRow("Visit", visit.Id.ToString()),
            new ReportRow("Visit date", Text.Time(VisitDate(visit))),
            new ReportRow("Practitioner", Text.Person(record.PractitionerOf(visit.ResponsiblePractitioner), visit.ResponsiblePractitioner)),
            new ReportRow("Status", StateText(visit.State)),
        ];
    }

    private static string Signature(VisitRecord record)
    {
        var visit = record.Visit;
        return visit.Signer is { } signer && visit.SignedAt is { } at
            ? "Electronically signed by " + Text.Person(record.PractitionerOf(signer), signer) + " on " + Text.Time(at) + "."
            : "Not signed. This note is a DRAFT and may change.";
    }

    private static ReportSection Subjective(Visit visit)
    {
        var rows = new List<ReportRow>
        {
            new("Chief complaint", visit.ChiefComplaint ?? "(not recorded)"),
            new("Pain (NRS)", visit.PainScore is { } pain ? Text.Number(pain) + " / 10" : "(not recorded)"),
        };
        foreach (var q in visit.Questionnaires)
        {
            rows.Add(new ReportRow(OutcomeInstruments.Code(q.Instrument), Text.Score(OutcomeInstruments.Code(q.Instrument), q.Score)));
        }

        if (visit.ConsentScopes.Count > 0)
        {
            rows.Add(new ReportRow("Consent on file", string.Join(", ", visit.ConsentScopes.Select(s => s.ToString()))));
        }

        return new ReportSection("S — Subjective") { Rows = rows, Source = Source };
    }

    private ReportSection Objective(Visit visit)
    {
        var subsections = new List<ReportSection>();
        var initial = visit.Findings.Where(f => f.Phase == FindingPhase.InitialAnalysis).ToArray();
        foreach (var group in initial.GroupBy(f => f.Position).OrderBy(g => g.Key))
        {
            subsections.Add(new ReportSection(Text.Position(group.Key)) { Rows = [.. group.Select(FindingRow)] });
        }

        var segments = initial.SelectMany(f => f.Values.OfType<SpinalLevelValue>().Select(v => (f, v))).ToArray();
        if (segments.Length > 0)
        {
            subsections.Add(new ReportSection("Findings at named segments")
            {
                Rows = [.. segments.Select(s => new ReportRow(s.v.Value.ToString(), FindingLabel(s.f) + ": " + Text.Values(s.f.Values)))],
            });
        }

        var during = visit.Findings.Where(f => f.Phase == FindingPhase.DuringBlocking).ToArray();
        if (during.Length > 0)
        {
            subsections.Add(new ReportSection("Re-tests on the blocks") { Rows = [.. during.Select(FindingRow)] });
        }

        if (visit.Retests.Count > 0)
        {
            subsections.Add(new ReportSection("Reassessment after treatment") { Rows = [.. visit.Retests.Select(FindingRow)] });
        }

        return new ReportSection("O — Objective")
        {
            Paragraphs = initial.Length == 0 ? ["No examination findings were recorded."] : [],
            Subsections = subsections,
            Source = Source,
        };
    }

    private static ReportSection Assessment(VisitRecord record)
    {
        var visit = record.Visit;
        var rows = new List<ReportRow>();
        if (visit.Category is { } category)
        {
            rows.Add(new ReportRow("SOT category (practitioner's decision)", CategoryText(category)));
            rows.Add(new ReportRow("Decided by", category.Source == CategorySource.AcceptedSuggestion
                ? "accepting the protocol suggestions" + (category.SuggestionRuleIds.Count > 0 ? " (" + string.Join(", ", category.SuggestionRuleIds) + ")" : string.Empty)
                : "the practitioner's own choice"));
            if (category.Rationale is { Length: > 0 } rationale)
            {
                rows.Add(new ReportRow("Practitioner's rationale", rationale));
            }
        }
        else
        {
            rows.Add(new ReportRow("SOT category", "(not determined)"));
        }

        var subsections = new List<ReportSection>();
        if (record.Analysis is { } analysis)
        {
            var suggestionRows = analysis.Suggestions.Select(SuggestionRow).ToList();
            suggestionRows.AddRange(analysis.Superseded.Select(s => SuggestionRow(s) with { Label = SuggestionRow(s).Label + " — superseded by stop-and-refer" }));
            subsections.Add(new ReportSection("Protocol suggestions")
            {
                Rows = suggestionRows,
                Paragraphs = suggestionRows.Count == 0 ? ["The analysis gave no protocol suggestion."] : [],
            });
        }

        var safetyRows = new List<ReportRow>();
        var safetyText = new List<string>();
        if (visit.RedFlagScreen is { } screen)
        {
            foreach (var item in screen.Items)
            {
                var label = item.Kind switch
                {
                    SafetyItemKind.RedFlag => "Red flag",
                    SafetyItemKind.ReferralTrigger => "Referral trigger",
                    _ => "Precaution",
                };
                safetyRows.Add(new ReportRow(label, item.Label + " (" + item.Code + ")"));
            }

            if (screen.IsClear)
            {
                safetyText.Add("Red-flag screen recorded: nothing found.");
            }
        }
        else
        {
            safetyText.Add("No red-flag screen was recorded.");
        }

        subsections.Add(new ReportSection("Red flags and precautions") { Rows = safetyRows, Paragraphs = safetyText });
        return new ReportSection("A — Assessment") { Rows = rows, Subsections = subsections, Source = Source };
    }

    private ReportSection Plan(VisitRecord record)
    {
        var visit = record.Visit;
        var subsections = new List<ReportSection>();
        var number = 0;
        foreach (var procedure in visit.Procedures)
        {
            number++;
            subsections.Add(ProcedureSection(procedure, number));
        }

        var rows = new List<ReportRow>();
        var paragraphs = new List<string>();
        if (visit.Procedures.Count == 0)
        {
            paragraphs.Add("No procedure was recorded." + (visit.NoTreatmentReason is { } why ? " Reason: " + why : string.Empty));
        }

        if (record.HomeCare is { Length: > 0 } homeCare)
        {
            rows.Add(new ReportRow("Home care", homeCare));
        }

        if (visit.ReExam is { } reExam)
        {
            rows.Add(new ReportRow("Re-examination due on this visit", reExam.Questionnaire + " (care-plan visit " + Text.Number(reExam.VisitNumber) + ")"));
        }

        if (record.NextReExam is { } next)
        {
            rows.Add(new ReportRow("Next re-examination", Text.Date(next)));
        }

        if (visit.State is VisitState.Discontinued or VisitState.Cancelled)
        {
            rows.Add(new ReportRow("Visit outcome", StateText(visit.State) + (visit.Referred ? "; patient referred" : string.Empty)));
            if (visit.ClosingReason is { } reason)
            {
                rows.Add(new ReportRow("Reason given", reason));
            }
        }

        return new ReportSection("P — Plan") { Rows = rows, Paragraphs = paragraphs, Subsections = subsections, Source = Source };
    }

    private ReportSection ProcedureSection(RecordedProcedure procedure, int number)
    {
        var known = procedures is null || procedures.TryGet(procedure.Kind, out _);
        var title = "Procedure " + Text.Number(number) + ": " + procedure.Label + (known ? string.Empty : " (" + InactiveLabel + ", kind " + procedure.Kind + ")");
        if (procedure.Kind == ProcedureKinds.Blocking)
        {
            var placements = procedure[CoreProcedures.PlacementsKey] as SequenceValue;
            var parsed = placements?.Values.Select(ParsePlacement).Where(p => p is not null).Select(p => p!).ToArray() ?? [];
            return new ReportSection(title)
            {
                Rows =
                [
                    new ReportRow("Blocks", placements is null ? "(none)" : string.Join("; ", placements.Values)),
                    new ReportRow("Breath phase", procedure[CoreProcedures.BreathPhaseKey]?.Display() ?? "(not recorded)"),
                    new ReportRow("Minutes on blocks", procedure[CoreProcedures.MinutesKey]?.Display() ?? "(not recorded)"),
                    .. procedure[CoreProcedures.AdjunctsKey] is { } adjuncts ? [new ReportRow("Adjuncts", adjuncts.Display())] : Array.Empty<ReportRow>(),
                ],
                Figures = parsed.Length > 0 ? [new BlockDiagramFigure("Block placements (schematic; the patient's left and right are labelled)", parsed)] : [],
            };
        }

        return new ReportSection(title)
        {
            Rows = [.. procedure.Values.Select(v => new ReportRow(v.Key, v.Display()))],
        };
    }

    /// <summary>Parses a placement written by <see cref="BlockingRecord.FormatPlacement"/> ("Left IliacCrest Oblique 45°").</summary>
    internal static BlockPlacement? ParsePlacement(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3
            || !Enum.TryParse<Side>(parts[0], out var side)
            || !Enum.TryParse<BlockAnatomicalSite>(parts[1], out var site)
            || !Enum.TryParse<BlockOrientation>(parts[2], out var orientation))
        {
            return null;
        }

        decimal? angle = parts.Length > 3 && decimal.TryParse(parts[3].TrimEnd('°'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var a) ? a : null;
        return new BlockPlacement(side, site, orientation, angle);
    }

    private static ReportSection Addenda(VisitRecord record)
    {
        var subsections = new List<ReportSection>();
        var number = 0;
        foreach (var addendum in record.Visit.Addenda)
        {
            number++;
            subsections.Add(new ReportSection("Addendum " + Text.Number(number) + " — " + Text.Time(addendum.At) + " — " + Text.Person(record.PractitionerOf(addendum.Author), addendum.Author))
            {
                Paragraphs = [addendum.Text],
            });
        }

        return new ReportSection("Addenda")
        {
            Paragraphs = ["Added after signing; the original note above is unchanged."],
            Subsections = subsections,
            Source = Source,
        };
    }

    private ReportRow FindingRow(Finding finding) => new(FindingLabel(finding), Text.Values(finding.Values));

    internal string FindingLabel(Finding finding)
    {
        var side = Text.Side(finding.NamedSide != Side.None ? finding.NamedSide : finding.Side);
        var label = finding.Label + (side.Length > 0 ? " (" + side + ")" : string.Empty);
        return catalogue is null || catalogue.TryGet(finding.Code, out _) ? label : label + " [" + InactiveLabel + ", code " + finding.Code + "]";
    }

    private static ReportRow SuggestionRow(Suggestion s)
    {
        var what = s.Kind switch
        {
            SuggestionKind.Category => "findings consistent with Category " + s.Category,
            SuggestionKind.TreatFirst => "address Category " + s.Category + " first, then re-evaluate Category " + s.Then,
            SuggestionKind.CoexistingCategories => "categories " + string.Join(", ", s.Categories) + " suggested together",
            SuggestionKind.RecheckAfterBlocking => "re-check after blocking",
            SuggestionKind.HeelLiftConsideration => "heel-lift consideration" + (s.Amount is { } amount ? " (" + amount + ")" : string.Empty),
            SuggestionKind.StopAndRefer => "stop and refer",
            _ => "technique" + (s.Detail is { } d ? " (" + d + ")" : string.Empty),
        };
        return new ReportRow(Suggestion.DisplayLabel + " (" + s.RuleId + ")", what + ". " + s.Rationale + " Reliability: " + s.Provenance.Reliability + ".");
    }

    private static string CategoryText(CategoryDetermination c) =>
        "Category " + c.Primary + (c.Secondary.Count > 0 ? "; secondary " + string.Join(", ", c.Secondary.Select(s => "Category " + s)) : string.Empty);

    internal static string StateText(VisitState state) => state switch
    {
        VisitState.PendingSignature => "Awaiting signature",
        VisitState.EnteredInError => "Entered in error",
        VisitState.NoShow => "No-show",
        VisitState.OnHold => "On hold",
        _ => state.ToString(),
    };

    /// <summary>True when a finding records something present (a graded sign, a positive test, a pain score above 0…).</summary>
    internal static bool IsPositive(Finding finding)
    {
        if (finding.Values.Count == 0)
        {
            return true;
        }

        foreach (var value in finding.Values)
        {
            var positive = value switch
            {
                BooleanValue b => b.Value,
                GradeValue g => g.Value != Grade.None,
                ScoreValue s => s.Value > 0,
                EnumValue e => e.Value is not ("Negative" or "None" or "Normal" or "NoChange" or "Stable" or "Improving"),
                PointsValue p => p.Points.Any(x => x.Score > 0),
                SequenceValue q => q.Values.Any(v => v != "Better"),
                _ => false,
            };
            if (positive)
            {
                return true;
            }
        }

        return false;
    }
}
