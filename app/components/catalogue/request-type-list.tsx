import { Link } from "@remix-run/react";
import { AppForm, Button } from "../forms";
import { Badge, EmptyState } from "../page";
import { MoveButtons } from "./move-buttons";

type RequestTypeItem = {
  id: string;
  name: string;
  description: string;
  active: boolean;
  field_count: number;
};

/** A service's request types in the order customers see them; admins can reorder and (de)activate. */
export function RequestTypeList({
  requestTypes,
  basePath,
  canManage,
}: {
  requestTypes: RequestTypeItem[];
  basePath: string;
  canManage: boolean;
}) {
  if (requestTypes.length === 0) {
    return (
      <EmptyState title="No request types yet">{canManage ? "Add one below." : null}</EmptyState>
    );
  }
  return (
    <ol aria-label="Request types" className="flex flex-col gap-2">
      {requestTypes.map((rt, index) => (
        <li
          key={rt.id}
          className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:flex-row sm:items-start sm:justify-between sm:p-4"
        >
          <div className="min-w-0">
            <p className="flex flex-wrap items-center gap-2">
              <Link to={`${basePath}/${rt.id}`} className="font-medium">
                {rt.name}
              </Link>
              {rt.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}
              <span className="text-sm text-slate-600">
                {rt.field_count} field{rt.field_count === 1 ? "" : "s"}
              </span>
            </p>
            {rt.description ? (
              <p className="mt-1 text-sm text-slate-600">{rt.description}</p>
            ) : null}
          </div>
          {canManage ? (
            <div className="flex shrink-0 items-start gap-2">
              <MoveButtons
                intent="move-request-type"
                idName="requestTypeId"
                id={rt.id}
                label={rt.name}
                isFirst={index === 0}
                isLast={index === requestTypes.length - 1}
              />
              <AppForm>
                <input type="hidden" name="intent" value="set-request-type-active" />
                <input type="hidden" name="requestTypeId" value={rt.id} />
                <input type="hidden" name="active" value={String(!rt.active)} />
                <Button variant={rt.active ? "danger" : "secondary"}>
                  {rt.active ? "Deactivate" : "Reactivate"}
                  <span className="sr-only"> {rt.name}</span>
                </Button>
              </AppForm>
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
