import { AppForm, Button, TextAreaField, type FormFailureData } from "~/components/forms";
import type { ReviewDetail } from "~/modules/reviews/get-review.server";
import { attendeeList } from "~/modules/reviews/schemas";

function Block({ title, text }: { title: string; text: string }) {
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
      <p className="mt-1 whitespace-pre-line text-sm text-slate-700">{text || "None recorded."}</p>
    </div>
  );
}

/** Agenda, attendees, minutes and decisions: editable until the review is published, then read-only. */
export function ReviewMinutes({
  detail,
  failure,
}: {
  detail: ReviewDetail;
  failure: FormFailureData | null;
}) {
  const { review, canManage } = detail;
  if (!canManage || review.publishedAt) {
    return (
      <div className="flex flex-col gap-4">
        <div>
          <h3 className="text-sm font-semibold text-slate-800">Attendees</h3>
          {attendeeList(review.attendees).length ? (
            <ul className="mt-1 list-inside list-disc text-sm text-slate-700">
              {attendeeList(review.attendees).map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-sm text-slate-700">None recorded.</p>
          )}
        </div>
        <Block title="Agenda" text={review.agenda} />
        <Block title="Minutes" text={review.minutes} />
        <Block title="Decisions" text={review.decisions} />
      </div>
    );
  }
  const mine = failure?.values?.intent === "update" ? failure : null;
  const v = mine?.values ?? {};
  const e = mine?.fieldErrors ?? {};
  return (
    <AppForm className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="intent" value="update" />
      <TextAreaField
        label="Agenda"
        name="agenda"
        rows={3}
        defaultValue={v.agenda ?? review.agenda}
        error={e.agenda}
      />
      <TextAreaField
        label="Attendees"
        name="attendees"
        rows={3}
        defaultValue={v.attendees ?? review.attendees}
        error={e.attendees}
        hint="One per line."
      />
      <TextAreaField
        label="Minutes"
        name="minutes"
        rows={6}
        defaultValue={v.minutes ?? review.minutes}
        error={e.minutes}
      />
      <TextAreaField
        label="Decisions"
        name="decisions"
        rows={3}
        defaultValue={v.decisions ?? review.decisions}
        error={e.decisions}
      />
      <div>
        <Button variant="secondary">Save minutes</Button>
      </div>
    </AppForm>
  );
}
