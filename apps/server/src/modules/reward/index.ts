export { rewardRoutes } from './routes';
export { RewardService } from './service';
