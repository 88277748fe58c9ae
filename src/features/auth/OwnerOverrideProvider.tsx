/** The owner-PIN dialog behind `useOwnerOverride()` (mounted once, under the auth gate). */
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { useEscape } from '../../components/useEscape';
import { authApi, type Command, type User } from '../../lib/ipc';
import { OwnerOverrideContext, type AskOwner } from './ownerOverride';
import { PinPad } from './PinPad';

interface Pending {
  command: Command;
  message: string;
  resolve: () => void;
  reject: () => void;
}

export function OwnerOverrideProvider({ owners, children }: { owners: User[]; children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const pendingRef = useRef<Pending | null>(null);

  const ask = useCallback<AskOwner>(
    (command, message) =>
      new Promise<void>((resolve, reject) => {
        // A second request while one is open: the first one gives up.
        pendingRef.current?.reject();
        const p = { command, message, resolve, reject };
        pendingRef.current = p;
        setPending(p);
      }),
    [],
  );

  const finish = useCallback((granted: boolean) => {
    const p = pendingRef.current;
    pendingRef.current = null;
    setPending(null);
    if (p) {
      if (granted) p.resolve();
      else p.reject();
    }
  }, []);

  const value = useMemo(() => ask, [ask]);
  return (
    <OwnerOverrideContext.Provider value={value}>
      {children}
      {pending && (
        <OwnerPinDialog
          key={`${pending.command}-${pending.message}`}
          owners={owners}
          command={pending.command}
          message={pending.message}
          onGranted={() => finish(true)}
          onCancel={() => finish(false)}
        />
      )}
    </OwnerOverrideContext.Provider>
  );
}

function OwnerPinDialog({
  owners,
  command,
  message,
  onGranted,
  onCancel,
}: {
  owners: User[];
  command: Command;
  message: string;
  onGranted: () => void;
  onCancel: () => void;
}) {
  useEscape(onCancel, { capture: true });
  return (
    <div className="relative z-50">
      <Modal title="Perlu PIN pemilik" testId="owner-pin-dialog" onClose={onCancel}>
        <div className="space-y-4">
          <PinPad
            users={owners}
            prompt={`${message} Pemilik memasukkan PIN-nya untuk mengizinkan sekali ini.`}
            onSubmit={async (ownerId, pin) => {
              await authApi.grantOwnerOverride(ownerId, pin, command);
              onGranted();
            }}
          />
          <div className="flex justify-end">
            <Button variant="secondary" size="sm" testId="owner-pin-cancel" onClick={onCancel}>
              Batal
            </Button>
          </div>
        </div>
      </Modal>
    </div>
  );
}
