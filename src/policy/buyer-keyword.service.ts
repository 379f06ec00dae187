import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { Clock, formatDate } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { BindingService } from '../bindings/binding.service.js';
import { RecordService } from '../records/record.service.js';
import type { BuyerKeyword } from './keywords.js';
import { PolicyRepository } from './policy.repository.js';

export type Language = 'en' | 'zh';

const ROLE_NAMES: Record<Language, Record<string, string>> = {
  en: { merchant: 'the store', courier: 'the courier', caller: 'that caller', sender: 'that sender' },
  zh: { merchant: '商家', courier: '快递员', caller: '该来电方', sender: '该发送方' },
};

/** The buyer's language: the tenant's locale, else Chinese for a +86 buyer, else English. */
export function buyerLanguage(tenantLocale: string | null, buyerE164OrMasked: string): Language {
  if (tenantLocale === 'en' || tenantLocale === 'zh') return tenantLocale;
  return buyerE164OrMasked.startsWith('+86') ? 'zh' : 'en';
}

/** A buyer's keyword text is answered by Veil itself and never forwarded. Returns the one-line answer. */
@Injectable()
export class BuyerKeywordService {
  private readonly logger = new Logger(BuyerKeywordService.name);

  constructor(
    private readonly policy: PolicyRepository,
    private readonly bindings: BindingService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly records: RecordService,
  ) {}

  /** `buyerMasked`: the buyer's masked number, enough to tell a +86 buyer for the `buyer` language. */
  async handle(keyword: BuyerKeyword, binding: { id: string; tenantId: string }, buyerMasked: string): Promise<string> {
    const now = this.clock.now();
    const lang =
      keyword.lang === 'buyer' ? buyerLanguage(await this.policy.tenantLocale(binding.tenantId), buyerMasked) : keyword.lang;
    const zh = lang === 'zh';
    switch (keyword.action) {
      case 'opt_out':
      case 'report': {
        // A report is an opt-out that also counts against the sender's text for other buyers. A report
        // against an unreachable sender names it as its last forwarded text's record does: write the
        // records this instance still holds first.
        if (keyword.action === 'report') await this.records.flush();
        const { role, orderId } =
          keyword.action === 'report' ? await this.policy.report(binding.id, now) : await this.policy.optOut(binding.id, now);
        this.logger.log(
          `binding ${binding.id}: buyer ${keyword.action === 'report' ? 'reported' : 'opted out'} (${role ?? 'no sender yet'})`,
        );
        if (!role) {
          return zh
            ? `已退订：订单 ${orderId} 的营销短信将不再通过此号码发给您。回复 START 可撤销。`
            : `Done: no marketing texts will reach you through this number for order ${orderId}. Reply START to undo.`;
        }
        const who = ROLE_NAMES[lang][role];
        if (keyword.action === 'report') {
          return zh
            ? `已举报：订单 ${orderId} 的${who}不能再通过此号码给您发短信。回复 START 可撤销。`
            : `Reported: ${who} of order ${orderId} can no longer text you through this number. Reply START to undo.`;
        }
        return zh
          ? `已退订：订单 ${orderId} 的${who}不能再通过此号码给您发短信。回复 START 可撤销。`
          : `Done: ${who} of order ${orderId} can no longer text you through this number. Reply START to undo.`;
      }
      case 'opt_in': {
        const { orderId } = await this.policy.optIn(binding.id);
        return zh
          ? `订单 ${orderId} 的短信将重新通过此号码发给您。`
          : `Texts about order ${orderId} will reach you again through this number.`;
      }
      case 'extend': {
        try {
          const extended = await this.bindings.extend(
            binding.tenantId,
            binding.id,
            { days: this.config.extensionStepDays },
            'buyer_text',
          );
          return zh
            ? `此号码将为订单 ${extended.orderId} 继续转接，直到 ${formatDate(extended.expiresAt)}。`
            : `This number keeps forwarding for order ${extended.orderId} until ${formatDate(extended.expiresAt)}.`;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          const view = await this.bindings.get(binding.tenantId, binding.id);
          if (error.code === 'extension_limit') {
            return zh
              ? `此号码最多保留到 ${formatDate(view.windowCapAt)}，目前转接至 ${formatDate(view.expiresAt)}。`
              : `This number cannot be kept past ${formatDate(view.windowCapAt)}; it forwards until ${formatDate(view.expiresAt)}.`;
          }
          return zh ? `此号码已不再为订单 ${view.orderId} 转接。` : `This number no longer forwards for order ${view.orderId}.`;
        }
      }
      case 'help': {
        // DESIGN's HELP: what the number is, for which order, until when, and the keywords.
        const view = await this.bindings.get(binding.tenantId, binding.id);
        return zh
          ? `这是订单 ${view.orderId} 的隐私中转号码，转接至 ${formatDate(view.expiresAt)}：来电和短信会转给您，但不显示您的号码。` +
              `回复“延长”可再保留 ${this.config.extensionStepDays} 天，回复“退订”或 TD 停止最近一位发送方的短信，回复“举报”举报垃圾短信，回复 START 撤销。`
          : `This is a private relay number for order ${view.orderId}, forwarding until ${formatDate(view.expiresAt)}: calls and texts reach you without showing your number. ` +
              `Reply EXTEND to keep it ${this.config.extensionStepDays} more days, TD to stop texts from the last sender, SPAM to report one, START to undo.`;
      }
    }
  }
}
