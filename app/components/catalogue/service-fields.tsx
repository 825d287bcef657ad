import { SelectField, TextAreaField, TextField, type FormFailureData } from "../forms";
import { ROLE_LABELS, type Role } from "~/modules/auth/permissions";
import {
  SERVICE_STATUS_LABELS,
  SERVICE_STATUS_TRANSITIONS,
  type ServiceStatus,
} from "~/modules/catalogue/schemas";

export type OwnerOption = { id: string; name: string; email: string; role: Role };

type ServiceValues = {
  name: string;
  category: string;
  description: string;
  owner_membership_id: string | null;
  status: ServiceStatus;
};

/** The inputs of the add-service and edit-service forms; `service` set means editing (with status). */
export function ServiceFields({
  owners,
  categories,
  service,
  failure,
}: {
  owners: OwnerOption[];
  categories: string[];
  service?: ServiceValues;
  failure: FormFailureData | null;
}) {
  const value = (key: string, fallback: string) => failure?.values?.[key] ?? fallback;
  const error = (key: string) => failure?.fieldErrors[key];
  const listId = service ? "service-categories-edit" : "service-categories-new";
  return (
    <>
      <div className="grid gap-4 md:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          required
          maxLength={120}
          defaultValue={value("name", service?.name ?? "")}
          error={error("name")}
        />
        <TextField
          label="Category"
          name="category"
          maxLength={80}
          list={listId}
          hint="For example Compute, Storage or Databases."
          defaultValue={value("category", service?.category ?? "")}
          error={error("category")}
        />
        <datalist id={listId}>
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <SelectField
          label="Owner"
          name="ownerMembershipId"
          hint="The staff member accountable for this service."
          defaultValue={value("ownerMembershipId", service?.owner_membership_id ?? "")}
          error={error("ownerMembershipId")}
        >
          <option value="">— no owner yet —</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name || o.email} ({ROLE_LABELS[o.role]})
            </option>
          ))}
        </SelectField>
        {service ? (
          <SelectField
            label="Status"
            name="status"
            hint={
              service.status === "retired"
                ? "A retired service stays retired."
                : "Announce a retirement (retiring) before retiring a service."
            }
            defaultValue={value("status", service.status)}
            error={error("status")}
          >
            {[service.status, ...SERVICE_STATUS_TRANSITIONS[service.status]].map((s) => (
              <option key={s} value={s}>
                {SERVICE_STATUS_LABELS[s]}
              </option>
            ))}
          </SelectField>
        ) : null}
      </div>
      <TextAreaField
        label="Description"
        name="description"
        maxLength={5000}
        rows={3}
        hint="What the service is and what customers get; shown to customers."
        defaultValue={value("description", service?.description ?? "")}
        error={error("description")}
      />
    </>
  );
}
