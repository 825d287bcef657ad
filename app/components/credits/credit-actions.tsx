import {
  AppForm,
  Button,
  FormError,
  TextAreaField,
  TextField,
  type FormFailureData,
} from "~/components/forms";
import { Card } from "~/components/page";

type ActionCredit = {
  state: string;
  amountInput: string;
  currency: string;
  inputsChangedAt: string | null;
  hasNewerFigures: boolean;
  /** false when a re-run found the contract no longer live in the month: nothing to take */
  hasNewerExplanation: boolean;
  latestAmount: string | null;
};

/**
 * What finance can do with the line in its state. The four-eyes rule is enforced by the module and
 * the database; the page says it up front instead of offering a button that will be refused.
 */
export function CreditActions({
  credit,
  viewerComputedOrAdjusted,
  failure,
}: {
  credit: ActionCredit;
  viewerComputedOrAdjusted: boolean;
  failure: FormFailureData | null;
}) {
  const reviewable = credit.state === "computed" || credit.state === "adjusted";
  const unsent = reviewable || credit.state === "approved";
  const flagged = credit.inputsChangedAt !== null;
  if (!unsent && !flagged && !["failed", "issuing"].includes(credit.state)) return null;
  return (
    <Card title="Actions">
      <div className="flex flex-col gap-6">
        {flagged ? (
          <div className="flex flex-col gap-3">
            <p className="text-sm">The inputs changed. Decide what happens to this line:</p>
            {unsent &&
            credit.hasNewerFigures &&
            credit.hasNewerExplanation &&
            credit.latestAmount ? (
              <AppForm>
                <Button name="intent" value="accept">
                  Take the new figures ({credit.latestAmount})
                </Button>
              </AppForm>
            ) : null}
            <AppForm className="flex flex-col gap-2" noValidate>
              <TextAreaField
                label="Why keep it as it is"
                name="reason"
                error={
                  failure?.values?.intent === "acknowledge" ? failure.fieldErrors.reason : undefined
                }
              />
              <div>
                <Button name="intent" value="acknowledge" variant="secondary">
                  Keep as it is
                </Button>
              </div>
            </AppForm>
          </div>
        ) : null}
        {reviewable && !flagged ? (
          viewerComputedOrAdjusted ? (
            <p className="text-sm">
              <strong>Four eyes:</strong> you computed or adjusted this credit, so another member of
              finance approves it.
            </p>
          ) : (
            <AppForm>
              <Button name="intent" value="approve">
                Approve credit
              </Button>
            </AppForm>
          )
        ) : null}
        {credit.state === "approved" && !flagged ? (
          <AppForm>
            <Button name="intent" value="issue">
              Issue to Stripe
            </Button>
          </AppForm>
        ) : null}
        {credit.state === "failed" ? (
          <AppForm className="flex flex-col gap-2">
            <p className="text-sm">
              Fix the cause (the Stripe keys in Billing settings, or the contract&apos;s Stripe
              customer), then retry. Stripe is checked first, so a retry never credits twice.
            </p>
            <div>
              <Button name="intent" value="issue">
                Retry issuing
              </Button>
            </div>
          </AppForm>
        ) : null}
        {credit.state === "issuing" ? (
          <AppForm>
            <Button name="intent" value="issue" variant="secondary">
              Try Stripe again now
            </Button>
          </AppForm>
        ) : null}
        {reviewable ? (
          <AppForm className="flex flex-col gap-2 sm:max-w-md" noValidate>
            <h3 className="text-sm font-semibold">Adjust the amount</h3>
            <FormError
              error={failure?.values?.intent === "adjust" ? failure.formError : undefined}
            />
            <TextField
              label={`New amount (${credit.currency})`}
              name="amount"
              inputMode="decimal"
              defaultValue={failure?.values?.amount ?? credit.amountInput}
              error={failure?.fieldErrors.amount}
            />
            <TextAreaField
              label="Reason for the adjustment"
              name="reason"
              defaultValue={
                failure?.values?.intent === "adjust" ? failure.values.reason : undefined
              }
              error={failure?.values?.intent === "adjust" ? failure.fieldErrors.reason : undefined}
            />
            <div>
              <Button name="intent" value="adjust" variant="secondary">
                Adjust amount
              </Button>
            </div>
          </AppForm>
        ) : null}
        {unsent ? (
          <AppForm className="flex flex-col gap-2 sm:max-w-md" noValidate>
            <TextAreaField
              label="Reason for rejecting"
              name="reason"
              error={failure?.values?.intent === "reject" ? failure.fieldErrors.reason : undefined}
            />
            <div>
              <Button name="intent" value="reject" variant="danger">
                Reject credit
              </Button>
            </div>
          </AppForm>
        ) : null}
      </div>
    </Card>
  );
}
