import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

/** A form's messages that name no field of it, as one destructive alert (nothing when there are none). */
export function FormAlert({ messages, title = "Not saved" }: { messages: string[]; title?: string }) {
  if (messages.length === 0) return null;
  return (
    <Alert variant="destructive">
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription>
        {messages.length === 1 ? (
          <p>{messages[0]}</p>
        ) : (
          <ul className="list-disc ps-4">
            {messages.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </AlertDescription>
    </Alert>
  );
}
