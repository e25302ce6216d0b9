using Sot.Workbench.Questionnaires;
using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Reports;
using Sot.Workbench.Workflow;
using DomainPatient = Sot.Workbench.Domain.Patient;
using DomainPractitioner = Sot.Workbench.Domain.Practitioner;
using FhirPatient = Hl7.Fhir.Model.Patient;
using FhirPractitioner = Hl7.Fhir.Model.Practitioner;

namespace Sot.Workbench.Plugins.Reports;

/// <summary>
/// FHIR R4 export with the Firely SDK: a <c>document</c> Bundle for one signed visit (Composition first) and a
/// <c>collection</c> Bundle for a patient's record. Resource ids are UUIDs derived from the record's ids, so the
/// same record always exports to the same ids; every reference is a <c>urn:uuid:</c> fullUrl inside the Bundle.
/// </summary>
internal sealed class FhirExporter(DocumentComposer composer)
{
    /// <summary>The project CodeSystem for SOT indicator codes.</summary>
    public const string IndicatorSystem = "https://sot-workbench.org/fhir/CodeSystem/sot-indicator";

    /// <summary>The project CodeSystem for SOT categories (and the category observation's code).</summary>
    public const string CategorySystem = "https://sot-workbench.org/fhir/CodeSystem/sot-category";

    /// <summary>The project CodeSystem for procedure kinds (BLOCKING and those contributed by plugins).</summary>
    public const string ProcedureSystem = "https://sot-workbench.org/fhir/CodeSystem/sot-procedure";

    /// <summary>The project CodeSystem for finding value keys (Observation.component codes).</summary>
    public const string ValueSystem = "https://sot-workbench.org/fhir/CodeSystem/sot-indicator-value";

    /// <summary>The project CodeSystem for outcome scores (Observation codes of questionnaire scores).</summary>
    public const string ScoreSystem = "https://sot-workbench.org/fhir/CodeSystem/outcome-score";

    /// <summary>Canonical base of the project's Questionnaire definitions.</summary>
    public const string QuestionnaireBase = "https://sot-workbench.org/fhir/Questionnaire/";

    private const string Loinc = "http://loinc.org";
    private const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";

    // Firely's System.Text.Json converters, configured once per process. The output is the same compact JSON as
    // BaseFhirJsonSerializer.SerializeToString (the round-trip tests compare them), written straight to UTF-8.
    private static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    // The writer's options must match the serializer options: a Utf8JsonWriter brings its own encoder and indentation.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JsonOptions.Encoder,
        Indented = JsonOptions.WriteIndented,
        MaxDepth = JsonOptions.MaxDepth,
    };

    // Buffers kept between exports on the same thread: an export is about 40 KB of JSON, which a fresh buffer reaches
    // only after growing (and copying) several times. A buffer that grew past RetainedBufferLimit (a large patient
    // record) is not kept.
    private const int InitialBufferSize = 64 * 1024;
    private const int RetainedBufferLimit = 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The Bundle as compact FHIR JSON in UTF-8, without an intermediate string.</summary>
    public static byte[] Serialize(Bundle bundle)
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(InitialBufferSize);
        t_buffer = null;
        var writer = t_writer;
        t_writer = null;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, WriterOptions);
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            JsonSerializer.Serialize(writer, bundle, JsonOptions);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // Kept for the next export on this thread unless it grew unusually large; Reset also clears a writer
            // left half-way by an exception.
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= RetainedBufferLimit)
            {
                writer.Reset(buffer);
                t_buffer = buffer;
                t_writer = writer;
            }
        }
    }

    // The FHIR model inspector loads the SDK's assemblies by name (Assembly.Load). In a host the plugin lives in its
    // own load context, so name-based loads must resolve there and not in the host's default context.
    private static JsonSerializerOptions CreateJsonOptions()
    {
        using var scope = System.Runtime.Loader.AssemblyLoadContext.EnterContextualReflection(typeof(FhirExporter).Assembly);
        return new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
    }

    public Bundle VisitDocument(VisitRecord record)
    {
        var visit = record.Visit;
        if (visit.Signer is null || visit.SignedAt is null)
        {
            throw new DocumentNotAvailableException(ClinicalDocumentKind.FhirVisitDocument, visit.Id, "a FHIR document needs a signed note; this visit is not signed.");
        }

        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Document,
            Identifier = new Identifier("urn:ietf:rfc:3986", UrnUuid(Uuid("document", visit.Id.Value))),
            Timestamp = visit.Addenda.Count > 0 ? visit.Addenda[^1].At : visit.SignedAt,
        };
        var entries = new Entries(bundle, record.Patient);
        AddVisit(entries, record, composition: true, compositionFirst: true);
        return bundle;
    }

    public Bundle PatientRecord(PatientRecord record, DateTimeOffset at)
    {
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Identifier = new Identifier("urn:ietf:rfc:3986", UrnUuid(Uuid("collection", record.Patient.Id.Value))),
            Timestamp = at,
        };
        var entries = new Entries(bundle, record.Patient);
        entries.AddPatient(record.Patient);
        foreach (var visit in record.Visits.OrderBy(v => DocumentComposer.VisitDate(v.Visit)).ThenBy(v => v.Visit.Id.Value))
        {
            AddVisit(entries, visit, composition: visit.Visit.Signer is not null, compositionFirst: false);
        }

        return bundle;
    }

    private void AddVisit(Entries entries, VisitRecord record, bool composition, bool compositionFirst)
    {
        var visit = record.Visit;
        var visitId = visit.Id.Value;
        var status = visit.State.ToFhir();
        var patientRef = entries.PatientRef(record.Patient.Id);
        var encounterId = Uuid("encounter", visitId);
        var compositionId = Uuid("composition", visitId);
        Composition? comp = null;
        if (composition)
        {
            comp = new Composition { Id = compositionId };
            entries.Add(comp);
        }

        if (compositionFirst)
        {
            entries.AddPatient(record.Patient);
        }

        // The responsible practitioner, the signer, then the addenda's authors, each once, in that order.
        AddPractitioner(entries, record, visit.ResponsiblePractitioner);
        AddPractitioner(entries, record, visit.Signer);
        foreach (var addendum in visit.Addenda)
        {
            AddPractitioner(entries, record, addendum.Author);
        }

        var start = DocumentComposer.VisitDate(visit);
        var end = visit.Events[^1].At;
        var effective = new FhirDateTime(start);
        var encounter = new Encounter
        {
            Id = encounterId,
            Status = Hl7.Fhir.Utility.EnumUtility.ParseLiteral<Encounter.EncounterStatus>(status.Encounter) ?? Encounter.EncounterStatus.Unknown,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"),
            Subject = patientRef,
            Period = new Period(effective, new FhirDateTime(end)),
            ReasonCode = visit.ChiefComplaint is { } complaint ? [new CodeableConcept { Text = complaint }] : [],
        };
        if (visit.ResponsiblePractitioner is { } responsible)
        {
            encounter.Participant.Add(new Encounter.ParticipantComponent { Individual = entries.PractitionerRef(responsible) });
        }

        entries.Add(encounter);
        var encounterRef = Ref(encounterId);
        var observationStatus = visit.State == VisitState.Amended ? ObservationStatus.Amended
            : visit.State == VisitState.EnteredInError ? ObservationStatus.EnteredInError
            : visit.Signer is null ? ObservationStatus.Preliminary : ObservationStatus.Final;

        var subjective = new List<ResourceReference>();
        if (visit.PainScore is { } pain)
        {
            var id = Uuid("pain", visitId);
            entries.Add(new Observation
            {
                Id = id,
                Status = observationStatus,
                Category = [SurveyCategory],
                Code = new CodeableConcept(Loinc, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
                Subject = patientRef,
                Encounter = encounterRef,
                Effective = effective,
                Value = new Integer(pain),
            });
            subjective.Add(Ref(id));
        }

        var index = 0;
        foreach (var q in visit.Questionnaires)
        {
            index++;
            var code = OutcomeInstruments.Code(q.Instrument);
            var qrId = Uuid(Numbered("qr-", index), visitId);
            var qrRef = Ref(qrId);
            entries.Add(new QuestionnaireResponse
            {
                Id = qrId,
                Questionnaire = QuestionnaireBase + code,
                Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
                Subject = patientRef,
                Encounter = encounterRef,
                Authored = effective.Value,
                Item =
                [
                    new QuestionnaireResponse.ItemComponent
                    {
                        LinkId = "score",
                        Text = code + " score",
                        Answer = [new QuestionnaireResponse.AnswerComponent { Value = new FhirDecimal(q.Score) }],
                    },
                ],
            });
            var scoreId = Uuid(Numbered("score-", index), visitId);
            entries.Add(new Observation
            {
                Id = scoreId,
                Status = observationStatus,
                Category = [SurveyCategory],
                Code = new CodeableConcept(ScoreSystem, code, code + " score"),
                Subject = patientRef,
                Encounter = encounterRef,
                Effective = effective,
                Value = new Quantity { Value = q.Score, Unit = Text.Score(code, q.Score).Contains('%', StringComparison.Ordinal) ? "%" : "{score}", System = "http://unitsofmeasure.org", Code = code == "ODI" ? "%" : "{score}" },
                DerivedFrom = [qrRef],
            });
            subjective.Add(qrRef);
            subjective.Add(Ref(scoreId));
        }

        var objective = new List<ResourceReference>();
        var initial = new List<ResourceReference>();
        var findingIndex = 0;
        foreach (var findings in (IReadOnlyList<Finding>[])[visit.Findings, visit.Retests])
        {
            foreach (var finding in findings)
            {
                findingIndex++;
                var id = Uuid(Numbered(FindingPrefix, findingIndex), visitId);
                entries.Add(FindingObservation(id, finding, observationStatus, patientRef, encounterRef, effective));
                var reference = Ref(id);
                objective.Add(reference);
                if (finding.Phase == FindingPhase.InitialAnalysis)
                {
                    initial.Add(reference);
                }
            }
        }

        var assessment = new List<ResourceReference>();
        if (visit.Category is { } category)
        {
            var id = Uuid("category", visitId);
            var obs = new Observation
            {
                Id = id,
                Status = observationStatus,
                Category = [ExamCategory],
                Code = new CodeableConcept(CategorySystem, "SOT-CATEGORY", "SOT category (practitioner's decision)"),
                Subject = patientRef,
                Encounter = encounterRef,
                Effective = effective,
                Value = new CodeableConcept(CategorySystem, category.Primary.ToString(), "Category " + category.Primary),
                DerivedFrom = initial,
            };
            foreach (var secondary in category.Secondary)
            {
                obs.Component.Add(new Observation.ComponentComponent
                {
                    Code = new CodeableConcept(CategorySystem, "SECONDARY", "Secondary category"),
                    Value = new CodeableConcept(CategorySystem, secondary.ToString(), "Category " + secondary),
                });
            }

            if (category.Rationale is { Length: > 0 } rationale)
            {
                obs.Note.Add(new Annotation { Text = new Markdown(rationale) });
            }

            entries.Add(obs);
            assessment.Add(Ref(id));
        }

        var plan = new List<ResourceReference>();
        var procedureIndex = 0;
        var procedureEvent = 0;
        foreach (var procedure in visit.Procedures)
        {
            // The time of the matching RecordProcedure event (the n-th procedure was recorded by the n-th such event).
            while (procedureEvent < visit.Events.Count && visit.Events[procedureEvent].Command is not RecordProcedure)
            {
                procedureEvent++;
            }

            var at = procedureEvent < visit.Events.Count ? visit.Events[procedureEvent++].At : start;
            procedureIndex++;
            var id = Uuid(Numbered("procedure-", procedureIndex), visitId);
            var resource = new Procedure
            {
                Id = id,
                Status = visit.State == VisitState.EnteredInError ? EventStatus.EnteredInError : EventStatus.Completed,
                Code = new CodeableConcept(ProcedureSystem, procedure.Kind, procedure.Label),
                Subject = patientRef,
                Encounter = encounterRef,
                Performed = new FhirDateTime(at),
            };
            if (visit.ResponsiblePractitioner is { } performer)
            {
                resource.Performer.Add(new Procedure.PerformerComponent { Actor = entries.PractitionerRef(performer) });
            }

            if (procedure.Kind == ProcedureKinds.Blocking && procedure[CoreProcedures.PlacementsKey] is SequenceValue placements)
            {
                foreach (var placement in placements.Values)
                {
                    resource.UsedCode.Add(new CodeableConcept { Text = "SOT block: " + placement });
                    resource.BodySite.Add(new CodeableConcept { Text = placement });
                }
            }

            foreach (var value in procedure.Values)
            {
                resource.Note.Add(new Annotation { Text = new Markdown(value.Key + ": " + value.Display()) });
            }

            entries.Add(resource);
            plan.Add(Ref(id));
        }

        if (comp is not null)
        {
            var signer = visit.Signer!.Value;
            var signerRef = entries.PractitionerRef(signer);
            var signedAt = new FhirDateTime(visit.SignedAt!.Value).Value;
            var note = composer.VisitNote(record);
            comp.Status = Hl7.Fhir.Utility.EnumUtility.ParseLiteral<CompositionStatus>(status.Composition ?? "preliminary") ?? CompositionStatus.Preliminary;
            comp.Type = new CodeableConcept(Loinc, "28580-9", "Chiropractic medicine Progress note");
            comp.Subject = patientRef;
            comp.Encounter = encounterRef;
            comp.Date = signedAt;
            comp.Author = [entries.PractitionerRef(visit.ResponsiblePractitioner ?? signer)];
            comp.Title = "SOAP note";
            comp.Attester.Add(new Composition.AttesterComponent
            {
                Mode = Composition.CompositionAttestationMode.Legal,
                Time = signedAt,
                Party = signerRef,
            });
            var narrative = new StringBuilder(1024);
            comp.Section.Add(Section(narrative, note, 0, "Subjective", subjective));
            comp.Section.Add(Section(narrative, note, 1, "Objective", objective));
            comp.Section.Add(Section(narrative, note, 2, "Assessment", assessment));
            comp.Section.Add(Section(narrative, note, 3, "Plan", plan));
            for (var i = 4; i < note.Sections.Count; i++)
            {
                var extra = note.Sections[i];
                comp.Section.Add(new Composition.SectionComponent { Title = extra.Title, Text = Narrative(narrative, extra) });
            }

            entries.Add(new Provenance
            {
                Id = Uuid("provenance", visitId),
                Target = [Ref(compositionId)],
                Recorded = visit.SignedAt,
                Agent =
                [
                    new Provenance.AgentComponent
                    {
                        Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "attester", "Attester"),
                        Who = signerRef,
                    },
                ],
                Signature =
                [
                    new Signature
                    {
                        Type = [new Coding("urn:iso-astm:E1762-95:2013", "1.2.840.10065.1.12.1.1", "Author's Signature")],
                        When = visit.SignedAt,
                        Who = signerRef,
                    },
                ],
            });
        }
    }

    private static Composition.SectionComponent Section(StringBuilder narrative, ReportDocument note, int index, string fallback, List<ResourceReference> entries)
    {
        var section = note.Sections.Count > index ? note.Sections[index] : new ReportSection(fallback);
        var result = new Composition.SectionComponent { Title = section.Title, Text = Narrative(narrative, section), Entry = entries };
        if (entries.Count == 0)
        {
            result.EmptyReason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/list-empty-reason", "nilknown", "Nil Known");
        }

        return result;
    }

    // One StringBuilder serves every section of an export.
    private static Narrative Narrative(StringBuilder sb, ReportSection section)
    {
        sb.Clear().Append("<div xmlns=\"http://www.w3.org/1999/xhtml\">");
        AppendSection(sb, section);
        sb.Append("</div>");
        return new Narrative { Status = Hl7.Fhir.Model.Narrative.NarrativeStatus.Generated, Div = sb.ToString() };
    }

    private static void AppendSection(StringBuilder sb, ReportSection section)
    {
        sb.Append("<p><b>").Append(WebUtility.HtmlEncode(section.Title)).Append("</b></p>");
        foreach (var row in section.Rows)
        {
            sb.Append("<p>").Append(WebUtility.HtmlEncode(row.Label)).Append(": ").Append(WebUtility.HtmlEncode(row.Value)).Append("</p>");
        }

        foreach (var paragraph in section.Paragraphs)
        {
            sb.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }

        foreach (var sub in section.Subsections)
        {
            AppendSection(sb, sub);
        }
    }

    private Observation FindingObservation(string id, Finding finding, ObservationStatus status, ResourceReference patient, ResourceReference encounter, FhirDateTime effective)
    {
        var obs = new Observation
        {
            Id = id,
            Status = status,
            Category = [ExamCategory],
            Code = Shared(FindingCodes, (finding.Code, Label: composer.FindingLabel(finding)), static key => new CodeableConcept(IndicatorSystem, key.Code, key.Label)),
            Subject = patient,
            Encounter = encounter,
            Effective = effective,
            Method = Shared(Methods, (finding.Position, finding.Phase), static key => new CodeableConcept { Text = Text.Position(key.Position) + " position; " + key.Phase }),
        };
        var side = finding.NamedSide != Domain.Side.None ? finding.NamedSide : finding.Side;
        if (side != Domain.Side.None)
        {
            obs.BodySite = Shared(BodySites, side, static key => new CodeableConcept { Text = Text.Side(key) });
        }

        if (finding.Values.Count == 0)
        {
            obs.Value = new FhirBoolean(true);
        }

        foreach (var value in finding.Values)
        {
            obs.Component.Add(new Observation.ComponentComponent
            {
                Code = Shared(ValueCodes, value.Key, static key => new CodeableConcept(ValueSystem, key, key)),
                Value = Value(value),
            });
        }

        return obs;
    }

    private static DataType Value(FindingValue value) => value switch
    {
        BooleanValue b => new FhirBoolean(b.Value),
        ScoreValue s => new Integer(s.Value),
        WholeNumberValue w => new Integer(w.Value),
        DegreesValue d => new Quantity(d.Value, "deg", "http://unitsofmeasure.org") { Unit = "°" },
        LengthValue l => l.Value.Unit == Domain.LengthUnit.Millimetre
            ? new Quantity(l.Value.Value, "mm", "http://unitsofmeasure.org") { Unit = "mm" }
            : new Quantity(l.Value.Value, "[in_i]/8", "http://unitsofmeasure.org") { Unit = "1/8 in" },
        NumberValue n => new Quantity { Value = n.Value, Unit = n.Unit },
        _ => new FhirString(value.Display()),
    };

    private static FhirPatient PatientResource(string id, DomainPatient patient) => new()
    {
        Id = id,
        Identifier = [new Identifier("urn:sot-workbench:patient", patient.Id.ToString())],
        Name = [new HumanName { Family = patient.FamilyName, Given = [patient.GivenName] }],
        BirthDate = Text.Date(patient.DateOfBirth),
        Gender = patient.Sex switch
        {
            Domain.AdministrativeSex.Female => AdministrativeGender.Female,
            Domain.AdministrativeSex.Male => AdministrativeGender.Male,
            Domain.AdministrativeSex.Other => AdministrativeGender.Other,
            _ => AdministrativeGender.Unknown,
        },
    };

    private static void AddPractitioner(Entries entries, VisitRecord record, Domain.PractitionerId? id)
    {
        if (id is { } practitioner && entries.FirstMention(practitioner, out var resourceId))
        {
            entries.Add(PractitionerResource(resourceId, practitioner, record.PractitionerOf(practitioner)));
        }
    }

    private static FhirPractitioner PractitionerResource(string resourceId, Domain.PractitionerId id, DomainPractitioner? practitioner)
    {
        var resource = new FhirPractitioner
        {
            Id = resourceId,
            Identifier = [new Identifier("urn:sot-workbench:practitioner", id.ToString())],
        };
        if (practitioner is not null)
        {
            resource.Name.Add(new HumanName { Text = practitioner.DisplayName });
            if (practitioner.Credentials is { Length: > 0 } credentials)
            {
                resource.Qualification.Add(new FhirPractitioner.QualificationComponent { Code = new CodeableConcept { Text = credentials } });
            }
        }

        return resource;
    }

    // Elements that are the same in every export are built once. The exporter only ever reads them (a Bundle is
    // serialised and dropped), so sharing one instance between resources and Bundles is safe; so is the one
    // effective time shared by the resources of a visit.
    private static readonly CodeableConcept ExamCategory = new(ObservationCategory, "exam", "Exam");
    private static readonly CodeableConcept SurveyCategory = new(ObservationCategory, "survey", "Survey");
    private static readonly ConcurrentDictionary<string, CodeableConcept> ValueCodes = new(StringComparer.Ordinal);

    // Likewise the concepts of the indicator vocabulary: an indicator's code and label, the analysis position and
    // phase, the side. Each export of a visit with dozens of findings would otherwise build them all again.
    private static readonly ConcurrentDictionary<(string Code, string Label), CodeableConcept> FindingCodes = new();
    private static readonly ConcurrentDictionary<(Domain.AnalysisPosition Position, FindingPhase Phase), CodeableConcept> Methods = new();
    private static readonly ConcurrentDictionary<Domain.Side, CodeableConcept> BodySites = new();

    // The caches hold vocabulary, so they stay small; should stored data ever bring unusually many distinct codes or
    // labels, concepts past this many are built per export instead of kept.
    private const int SharedConceptLimit = 4096;

    private static CodeableConcept Shared<TKey>(ConcurrentDictionary<TKey, CodeableConcept> cache, TKey key, Func<TKey, CodeableConcept> create)
        where TKey : notnull =>
        cache.TryGetValue(key, out var concept) ? concept
        : cache.Count < SharedConceptLimit ? cache.GetOrAdd(key, create)
        : create(key);

    private static ResourceReference Ref(string uuid) => new(UrnUuid(uuid));

    private static string UrnUuid(string uuid) => "urn:uuid:" + uuid;

    // Scopes of numbered ids ("finding-12"); those of findings, dozens per visit, are shared strings.
    private static string Numbered(string prefix, int number) =>
        ReferenceEquals(prefix, FindingPrefix) && number < FindingScopes.Length ? FindingScopes[number] : prefix + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private const string FindingPrefix = "finding-";
    private static readonly string[] FindingScopes = [.. Enumerable.Range(0, 128).Select(i => FindingPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    // One SHA-256 context per thread, reset after every hash: a one-shot HashData creates and frees a native
    // context per call, which is most of the cost of hashing a few dozen bytes, and an export derives about fifty ids.
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    /// <summary>A UUID (version 8, RFC 9562) derived from <paramref name="scope"/> and a record id: stable across exports.</summary>
    internal static string Uuid(string scope, Guid id)
    {
        Span<byte> input = stackalloc byte[64];
        var n = Encoding.ASCII.GetBytes(scope, input);
        id.TryWriteBytes(input[n..]);
        Span<byte> hash = stackalloc byte[32];
        var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.AppendData(input[..(n + 16)]);
        sha256.GetHashAndReset(hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }

    /// <summary>
    /// Bundle entries with fullUrl = urn:uuid:id, and the ids of the patient and practitioners, which several resources
    /// of an export refer to, derived once per export.
    /// </summary>
    private sealed class Entries(Bundle bundle, DomainPatient patient)
    {
        private readonly string _patientId = Uuid("patient", patient.Id.Value);
        private readonly Dictionary<Domain.PractitionerId, string> _practitioners = [];
        private readonly HashSet<Domain.PractitionerId> _practitionersAdded = [];

        public void Add(Resource resource)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = UrnUuid(resource.Id!), Resource = resource });
        }

        public void AddPatient(DomainPatient record) => Add(PatientResource(PatientId(record.Id), record));

        public ResourceReference PatientRef(Domain.PatientId id) => Ref(PatientId(id));

        public ResourceReference PractitionerRef(Domain.PractitionerId id) => Ref(PractitionerId(id));

        /// <summary>True (with its id) the first time a practitioner's resource is asked for in this Bundle.</summary>
        public bool FirstMention(Domain.PractitionerId id, out string resourceId)
        {
            resourceId = PractitionerId(id);
            return _practitionersAdded.Add(id);
        }

        private string PatientId(Domain.PatientId id) => id == patient.Id ? _patientId : Uuid("patient", id.Value);

        private string PractitionerId(Domain.PractitionerId id)
        {
            if (!_practitioners.TryGetValue(id, out var uuid))
            {
                uuid = Uuid("practitioner", id.Value);
                _practitioners.Add(id, uuid);
            }

            return uuid;
        }
    }
}
