import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { Clock, formatDate } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { BindingService } from '../bindings/binding.service.js';
import type { BuyerKeyword } from './keywords.js';
import { PolicyRepository } from './policy.repository.js';

const ROLE_NAMES: Record<string, string> = { merchant: 'the store', courier: 'the courier', caller: 'that caller' };

/** A buyer's keyword text is answered by Veil itself and never forwarded. Returns the one-line answer. */
@Injectable()
export class BuyerKeywordService {
  private readonly logger = new Logger(BuyerKeywordService.name);

  constructor(
    private readonly policy: PolicyRepository,
    private readonly bindings: BindingService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async handle(keyword: BuyerKeyword, binding: { id: string; tenantId: string }): Promise<string> {
    const now = this.clock.now();
    switch (keyword) {
      case 'opt_out': {
        const { role, orderId } = await this.policy.optOut(binding.id, now);
        this.logger.log(`binding ${binding.id}: buyer opted out (${role ?? 'no sender yet'})`);
        return role
          ? `Done: ${ROLE_NAMES[role]} of order ${orderId} can no longer text you through this number. Reply START to undo.`
          : `Done: no marketing texts will reach you through this number for order ${orderId}. Reply START to undo.`;
      }
      case 'opt_in': {
        const { orderId } = await this.policy.optIn(binding.id);
        return `Texts about order ${orderId} will reach you again through this number.`;
      }
      case 'extend': {
        try {
          const extended = await this.bindings.extend(binding.tenantId, binding.id, { days: this.config.extensionStepDays });
          return `This number keeps forwarding for order ${extended.orderId} until ${formatDate(extended.expiresAt)}.`;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          const view = await this.bindings.get(binding.tenantId, binding.id);
          return error.code === 'extension_limit'
            ? `This number cannot be kept past ${formatDate(view.windowCapAt)}; it forwards until ${formatDate(view.expiresAt)}.`
            : `This number no longer forwards for order ${view.orderId}.`;
        }
      }
      case 'help':
        return (
          'This is a private relay number for your order: calls and texts reach you without showing your number. ' +
          `Reply EXTEND to keep it ${this.config.extensionStepDays} more days, STOP or TD to stop texts from the last sender, START to undo.`
        );
    }
  }
}
